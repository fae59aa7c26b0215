import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TX2_NV_TEGRA_RELEASE } from './jetson-tools-output.js';
import { roundTemp, tx2CpuKHz, tx2Mode, tx2RailsMw, tx2TempsC, type EmulatedBoardState, type Tx2Rail } from './tx2-model.js';

/**
 * The emulated TX2's filesystem facts under its own root ($HIL_SYSROOT): L4T release, INA3221
 * monitors (iio layout of JetPack <= 4), thermal zones, cpufreq. Probes read these paths relative
 * to the root exactly as they read / on a real board.
 */
const INA = 'sys/bus/i2c/drivers/ina3221x';
const CHIPS: { dir: string; rails: Tx2Rail[] }[] = [
  { dir: `${INA}/0-0040/iio:device0`, rails: ['VDD_SYS_GPU', 'VDD_SYS_SOC', 'VDD_4V0_WIFI'] },
  { dir: `${INA}/0-0041/iio:device1`, rails: ['VDD_IN', 'VDD_SYS_CPU', 'VDD_SYS_DDR'] },
];
const ZONES = ['BCPU', 'MCPU', 'GPU', 'PLL', 'Tboard', 'Tdiode', 'PMIC', 'thermal'];
const ZONE_TYPES: Record<string, string> = {
  BCPU: 'BCPU-therm',
  MCPU: 'MCPU-therm',
  GPU: 'GPU-therm',
  PLL: 'PLL-therm',
  Tboard: 'Tboard_tegra',
  Tdiode: 'Tdiode_tegra',
  PMIC: 'PMIC-Die',
  thermal: 'thermal-fan-est',
};

function put(root: string, rel: string, content: string | number): void {
  const file = path.join(root, rel);
  try {
    writeFileSync(file, `${content}\n`);
  } catch {
    // First write: make the folder (the ticker rewrites these files every second).
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${content}\n`);
  }
}

export function createFakeSysroot(root: string, state: EmulatedBoardState): void {
  put(root, 'etc/nv_tegra_release', TX2_NV_TEGRA_RELEASE.trimEnd());
  put(root, 'proc/device-tree/model', 'quill');
  for (const chip of CHIPS) chip.rails.forEach((rail, k) => put(root, `${chip.dir}/rail_name_${k}`, rail));
  ZONES.forEach((zone, i) => put(root, `sys/devices/virtual/thermal/thermal_zone${i}/type`, ZONE_TYPES[zone]!));
  updateFakeSysroot(root, state, 0);
}

/** Rewrites the moving values (power, temperatures, clocks) for the current load. */
export function updateFakeSysroot(root: string, state: EmulatedBoardState, util: number): void {
  const rails = tx2RailsMw(util, state);
  for (const chip of CHIPS) {
    chip.rails.forEach((rail, k) => {
      const mV = rail === 'VDD_IN' ? 19072 : rail === 'VDD_4V0_WIFI' ? 4000 : 19024;
      put(root, `${chip.dir}/in_power${k}_input`, rails[rail]);
      put(root, `${chip.dir}/in_voltage${k}_input`, mV);
      put(root, `${chip.dir}/in_current${k}_input`, Math.round((rails[rail] * 1000) / mV));
    });
  }
  const temps = tx2TempsC(util, state);
  ZONES.forEach((zone, i) => put(root, `sys/devices/virtual/thermal/thermal_zone${i}/temp`, Math.round(roundTemp(zone, temps[zone]!) * 1000)));
  const mode = tx2Mode(state.nvpmodel);
  const cur = tx2CpuKHz(util, state);
  put(root, 'sys/devices/system/cpu/online', mode.online.join(','));
  for (let cpu = 0; cpu < 6; cpu += 1) {
    const dir = `sys/devices/system/cpu/cpu${cpu}`;
    put(root, `${dir}/online`, mode.online.includes(cpu) ? 1 : 0);
    put(root, `${dir}/cpufreq/scaling_cur_freq`, cur);
    put(root, `${dir}/cpufreq/scaling_max_freq`, mode.cpuMaxKHz);
    put(root, `${dir}/cpufreq/cpuinfo_max_freq`, 2035200);
  }
}
