/**
 * Jetson Xavier NX 8GB (tegra194: 6× Carmel, 384-core Volta, 2 DLA) on JetPack 5.1.2 (L4T R35.4.1,
 * TensorRT 8.5.2). INA3221 on hwmon; VDD_IN is the module's input (~3.5 W idle, ~8 W CPU-bound).
 */
import { clamp01, cpuPowerScale, type BoardModel } from '../board-model.js';

const SIX = [0, 1, 2, 3, 4, 5];

export const XAVIER_NX: BoardModel = {
  type: 'xavier-nx',
  boardPrefix: 'nx',
  modes: [
    { id: 0, name: 'MODE_15W_2CORE', online: [0, 1], cpuMaxKHz: 1907200, gpuMaxHz: 1100250000 },
    { id: 1, name: 'MODE_15W_4CORE', online: [0, 1, 2, 3], cpuMaxKHz: 1420800, gpuMaxHz: 1100250000 },
    { id: 2, name: 'MODE_15W_6CORE', online: SIX, cpuMaxKHz: 1420800, gpuMaxHz: 1100250000 },
    { id: 3, name: 'MODE_10W_2CORE', online: [0, 1], cpuMaxKHz: 1497600, gpuMaxHz: 803250000 },
    { id: 4, name: 'MODE_10W_4CORE', online: [0, 1, 2, 3], cpuMaxKHz: 1190400, gpuMaxHz: 803250000 },
    { id: 5, name: 'MODE_10W_DESKTOP', online: [0, 1, 2, 3], cpuMaxKHz: 1190400, gpuMaxHz: 803250000 },
    { id: 6, name: 'MODE_20W_2CORE', online: [0, 1], cpuMaxKHz: 1907200, gpuMaxHz: 1100250000 },
    { id: 7, name: 'MODE_20W_4CORE', online: [0, 1, 2, 3], cpuMaxKHz: 1907200, gpuMaxHz: 1100250000 },
    { id: 8, name: 'MODE_20W_6CORE', online: SIX, cpuMaxKHz: 1420800, gpuMaxHz: 1100250000 },
  ],
  defaultMode: 2,
  cpuCount: 6,
  cpuMinKHz: 115200,
  cpuInfoMaxKHz: 1907200,
  gpuMinHz: 114750000,
  emcMinHz: 40800000,
  emcMaxHz: 1866000000,
  ramTotalMb: 6854,
  nvTegraRelease: '# R35 (release), REVISION: 4.1, GCID: 33958178, BOARD: t186ref, EABI: aarch64, DATE: Tue Aug  1 19:57:35 UTC 2023',
  deviceTreeModel: 'NVIDIA Jetson Xavier NX Developer Kit',
  socFamily: 'tegra194',
  machine: 'NVIDIA Jetson Xavier NX Developer Kit',
  gpuName: 'Xavier',
  computeCapability: '7.2',
  tensorrt: { version: '8.5.2', code: 8502, dialect: '8.5' },
  glibc: '2.31',
  tegrastats: 'jp5',
  rails: ['VDD_IN', 'VDD_CPU_GPU_CV', 'VDD_SOC'],
  sysfsPower: {
    layout: 'hwmon',
    chips: [{ dir: '7-0040', device: 'hwmon3', channels: [{ rail: 'VDD_IN', mV: 5016 }, { rail: 'VDD_CPU_GPU_CV', mV: 5008 }, { rail: 'VDD_SOC', mV: 5008 }] }],
  },
  sensors: [
    { name: 'AUX', zoneType: 'AUX-therm', idleC: 31.5, heatC: 9, stepC: 0.5 },
    { name: 'CPU', zoneType: 'CPU-therm', idleC: 33, heatC: 16, stepC: 0.5 },
    { name: 'thermal', zoneType: 'thermal-fan-est', idleC: 32.2, heatC: 12, stepC: 0.05 },
    { name: 'AO', zoneType: 'AO-therm', idleC: 31.5, heatC: 7, stepC: 0.5 },
    { name: 'GPU', zoneType: 'GPU-therm', idleC: 31.5, heatC: 10, stepC: 0.5 },
    { name: 'PMIC', zoneType: 'PMIC-Die', idleC: 50, heatC: 0, stepC: 0.5, fixed: true },
  ],
  railsMw(util, state) {
    const u = clamp01(util);
    const boost = state.clocksMax && !state.throttled ? 1 : 0;
    const cpuGpuCv = 420 + 3500 * u * cpuPowerScale(XAVIER_NX, state) + 200 * boost;
    const soc = 1100 + 400 * u;
    const input = 1700 + 1.1 * (cpuGpuCv + soc);
    const r = Math.round;
    return { VDD_IN: r(input), VDD_CPU_GPU_CV: r(cpuGpuCv), VDD_SOC: r(soc) };
  },
};
