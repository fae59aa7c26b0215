/**
 * Jetson TX2 (tegra186, "quill": 2× Denver2 + 4× Cortex-A57, 256-core Pascal) on JetPack 4.6.1
 * (L4T R32.7.1, TensorRT 8.2.1). Idle ~3.2 W on VDD_IN, ~8 W with every CPU core busy.
 */
import { clamp01, cpuPowerScale, type BoardModel } from '../board-model.js';

export const TX2: BoardModel = {
  type: 'jetson2',
  boardPrefix: 'tx2',
  // Cores 0 and 3-5 are Cortex-A57, 1-2 are Denver2.
  modes: [
    { id: 0, name: 'MAXN', online: [0, 1, 2, 3, 4, 5], cpuMaxKHz: 2035200, gpuMaxHz: 1300500000 },
    { id: 1, name: 'MAXQ', online: [0, 3, 4, 5], cpuMaxKHz: 1267200, gpuMaxHz: 854250000 },
    { id: 2, name: 'MAXP_CORE_ALL', online: [0, 1, 2, 3, 4, 5], cpuMaxKHz: 1420800, gpuMaxHz: 1122000000 },
    { id: 3, name: 'MAXP_CORE_ARM', online: [0, 3, 4, 5], cpuMaxKHz: 2035200, gpuMaxHz: 1134750000 },
    { id: 4, name: 'MAXP_CORE_DENVER', online: [0, 1, 2], cpuMaxKHz: 2035200, gpuMaxHz: 1122000000 },
  ],
  defaultMode: 3,
  cpuCount: 6,
  cpuMinKHz: 345600,
  cpuInfoMaxKHz: 2035200,
  gpuMinHz: 114750000,
  emcMinHz: 40800000,
  emcMaxHz: 1866000000,
  ramTotalMb: 7852,
  nvTegraRelease: '# R32 (release), REVISION: 7.1, GCID: 29818004, BOARD: t186ref, EABI: aarch64, DATE: Sat Feb 19 17:05:08 UTC 2022',
  deviceTreeModel: 'quill',
  socFamily: 'tegra186',
  machine: 'quill',
  gpuName: 'NVIDIA Tegra X2',
  computeCapability: '6.2',
  tensorrt: { version: '8.2.1', code: 8201, dialect: '8.2' },
  glibc: '2.27',
  tegrastats: 'jp4',
  rails: ['VDD_SYS_GPU', 'VDD_SYS_SOC', 'VDD_4V0_WIFI', 'VDD_IN', 'VDD_SYS_CPU', 'VDD_SYS_DDR'],
  sysfsPower: {
    layout: 'iio',
    chips: [
      { dir: '0-0040', device: 'iio:device0', channels: [{ rail: 'VDD_SYS_GPU', mV: 19024 }, { rail: 'VDD_SYS_SOC', mV: 19024 }, { rail: 'VDD_4V0_WIFI', mV: 4000 }] },
      { dir: '0-0041', device: 'iio:device1', channels: [{ rail: 'VDD_IN', mV: 19072 }, { rail: 'VDD_SYS_CPU', mV: 19024 }, { rail: 'VDD_SYS_DDR', mV: 19024 }] },
    ],
  },
  // In the order a TX2 on JetPack 4 prints them.
  sensors: [
    { name: 'PLL', zoneType: 'PLL-therm', idleC: 40.5, heatC: 14, stepC: 0.5 },
    { name: 'MCPU', zoneType: 'MCPU-therm', idleC: 41, heatC: 14, stepC: 0.5 },
    { name: 'PMIC', zoneType: 'PMIC-Die', idleC: 100, heatC: 0, stepC: 0.5, fixed: true },
    { name: 'Tboard', zoneType: 'Tboard_tegra', idleC: 37, heatC: 5.6, stepC: 0.5 },
    { name: 'GPU', zoneType: 'GPU-therm', idleC: 39.5, heatC: 9.8, stepC: 0.5 },
    { name: 'BCPU', zoneType: 'BCPU-therm', idleC: 41, heatC: 14, stepC: 0.5 },
    { name: 'thermal', zoneType: 'thermal-fan-est', idleC: 40.4, heatC: 12.6, stepC: 0.1 },
    { name: 'Tdiode', zoneType: 'Tdiode_tegra', idleC: 38.25, heatC: 7, stepC: 0.25 },
  ],
  railsMw(util, state) {
    const u = clamp01(util);
    const boost = state.clocksMax && !state.throttled ? 1 : 0;
    const cpu = 150 + 2800 * u * cpuPowerScale(TX2, state) + 250 * boost;
    const gpu = 150 + 120 * boost;
    const soc = 530 + 250 * u;
    const wifi = 600;
    const ddr = 550 + 900 * u;
    // VDD_IN is the board's input: every rail plus conversion losses.
    const input = 1100 + 1.15 * (cpu + gpu + soc + wifi + ddr);
    const r = Math.round;
    return { VDD_SYS_GPU: r(gpu), VDD_SYS_SOC: r(soc), VDD_4V0_WIFI: r(wifi), VDD_IN: r(input), VDD_SYS_CPU: r(cpu), VDD_SYS_DDR: r(ddr) };
  },
};
