/**
 * Jetson Orin Nano 8GB (tegra234: 6× Cortex-A78AE, 1024-core Ampere) on JetPack 6.2 (L4T R36.4.3,
 * TensorRT 10.3.0). INA3221 on hwmon, with the "sum of shunt voltages" channel that is not a
 * rail; tegrastats prints lower-case sensors at 1/32 °C. ~4.5 W idle on VDD_IN, ~9 W CPU-bound.
 */
import { clamp01, cpuPowerScale, type BoardModel } from '../board-model.js';

const SIX = [0, 1, 2, 3, 4, 5];

export const ORIN_NANO: BoardModel = {
  type: 'orin-nano',
  boardPrefix: 'orin',
  modes: [
    { id: 0, name: '15W', online: SIX, cpuMaxKHz: 1497600, gpuMaxHz: 612000000 },
    { id: 1, name: '25W', online: SIX, cpuMaxKHz: 1344000, gpuMaxHz: 918000000 },
    { id: 2, name: 'MAXN_SUPER', online: SIX, cpuMaxKHz: 1728000, gpuMaxHz: 1020000000 },
    { id: 3, name: '7W', online: [0, 1, 2, 3], cpuMaxKHz: 960000, gpuMaxHz: 408000000 },
  ],
  defaultMode: 0,
  cpuCount: 6,
  cpuMinKHz: 115200,
  cpuInfoMaxKHz: 1728000,
  gpuMinHz: 306000000,
  emcMinHz: 204000000,
  emcMaxHz: 2133000000,
  ramTotalMb: 7620,
  nvTegraRelease: '# R36 (release), REVISION: 4.3, GCID: 38968081, BOARD: generic, EABI: aarch64, DATE: Wed Jan  8 01:49:37 UTC 2025',
  deviceTreeModel: 'NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super',
  socFamily: 'tegra234',
  machine: 'NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super',
  gpuName: 'Orin',
  computeCapability: '8.7',
  tensorrt: { version: '10.3.0', code: 100300, dialect: '8.6+' },
  glibc: '2.35',
  tegrastats: 'jp5',
  rails: ['VDD_IN', 'VDD_CPU_GPU_CV', 'VDD_SOC'],
  sysfsPower: {
    layout: 'hwmon',
    chips: [{ dir: '1-0040', device: 'hwmon1', channels: [{ rail: 'VDD_IN', mV: 5064 }, { rail: 'VDD_CPU_GPU_CV', mV: 5056 }, { rail: 'VDD_SOC', mV: 5056 }] }],
  },
  sensors: [
    { name: 'cpu', zoneType: 'cpu-thermal', idleC: 46.06, heatC: 15, stepC: 1 / 32 },
    { name: 'soc2', zoneType: 'soc2-thermal', idleC: 45.37, heatC: 9, stepC: 1 / 32 },
    { name: 'soc0', zoneType: 'soc0-thermal', idleC: 46.28, heatC: 9, stepC: 1 / 32 },
    { name: 'gpu', zoneType: 'gpu-thermal', idleC: 45.34, heatC: 8, stepC: 1 / 32 },
    { name: 'tj', zoneType: 'tj-thermal', idleC: 46.28, heatC: 15, stepC: 1 / 32 },
    { name: 'soc1', zoneType: 'soc1-thermal', idleC: 45.53, heatC: 9, stepC: 1 / 32 },
  ],
  railsMw(util, state) {
    const u = clamp01(util);
    const boost = state.clocksMax && !state.throttled ? 1 : 0;
    const cpuGpuCv = 490 + 3800 * u * cpuPowerScale(ORIN_NANO, state) + 300 * boost;
    const soc = 1460 + 500 * u;
    const input = 2300 + 1.1 * (cpuGpuCv + soc);
    const r = Math.round;
    return { VDD_IN: r(input), VDD_CPU_GPU_CV: r(cpuGpuCv), VDD_SOC: r(soc) };
  },
};
