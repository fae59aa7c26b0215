import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cpuKHz, modeOf, temperaturesC, tensorRtOf, type BoardModel } from './board-model.js';
import { boardModelOrTx2 } from './board-models.js';
import type { EmulatedBoardState } from './board-state.js';
import { writeFileAtomicSync } from '../files/atomic-write.js';

/**
 * The emulated board's filesystem facts under its own root ($HIL_SYSROOT): L4T release, INA3221
 * monitors (iio on JetPack <= 4, hwmon on 5+), thermal zones, cpufreq. Probes read these paths
 * relative to the root exactly as they read / on a real board.
 */
const IIO = 'sys/bus/i2c/drivers/ina3221x';
const I2C = 'sys/bus/i2c/devices';

/**
 * Writes a value the way sysfs serves it: a reader never sees a half-written file (the ticker
 * rewrites these every second while the board's samplers read them), hence write-then-rename.
 */
function put(root: string, rel: string, content: string | number): void {
  writeFileAtomicSync(path.join(root, rel), `${content}\n`);
}

function chipDir(model: BoardModel, chip: BoardModel['sysfsPower']['chips'][number]): string {
  return model.sysfsPower.layout === 'iio' ? `${IIO}/${chip.dir}/${chip.device}` : `${I2C}/${chip.dir}/hwmon/${chip.device}`;
}

export function createFakeSysroot(root: string, state: EmulatedBoardState): void {
  const model = boardModelOrTx2(state.type);
  put(root, 'etc/nv_tegra_release', model.nvTegraRelease);
  put(root, 'proc/device-tree/model', model.deviceTreeModel);
  // NUL-separated, most specific first, as the kernel exposes it: the SoC names the integrated GPU.
  writeFileAtomicSync(path.join(root, 'proc/device-tree/compatible'), `nvidia,${model.machine}\0nvidia,${model.socFamily}\0`);
  for (const chip of model.sysfsPower.chips) {
    const dir = chipDir(model, chip);
    if (model.sysfsPower.layout === 'iio') {
      chip.channels.forEach((c, k) => put(root, `${dir}/rail_name_${k}`, c.rail));
    } else {
      put(root, `${dir}/name`, 'ina3221');
      chip.channels.forEach((c, k) => put(root, `${dir}/in${k + 1}_label`, c.rail));
      // JetPack 5+ also labels the summing channel; it has no current and is not a rail.
      put(root, `${dir}/in7_label`, 'sum of shunt voltages');
    }
  }
  model.sensors.forEach((s, i) => put(root, `sys/devices/virtual/thermal/thermal_zone${i}/type`, s.zoneType));
  syncTensorRtLibrary(root, state);
  // /var/lock (-> /run/lock) as on L4T: a world-writable sticky tmpfs, where hil keeps the lease.
  const lock = path.join(root, 'var', 'lock');
  mkdirSync(lock, { recursive: true });
  chmodSync(lock, 0o1777);
  updateFakeSysroot(root, state, 0);
}

/**
 * TensorRT's library, as its packages install it: the version in the file name. The state may swap
 * the release (`tensorrt`), so `EmulatedBoard.setState` calls this again.
 */
export function syncTensorRtLibrary(root: string, state: EmulatedBoardState): void {
  const lib = path.join(root, 'usr/lib/aarch64-linux-gnu');
  const current = `libnvinfer.so.${tensorRtOf(boardModelOrTx2(state.type), state).version}`;
  mkdirSync(lib, { recursive: true });
  for (const f of readdirSync(lib)) if (f.startsWith('libnvinfer.so.') && f !== current) rmSync(path.join(lib, f), { force: true });
  if (!existsSync(path.join(lib, current))) put(root, `usr/lib/aarch64-linux-gnu/${current}`, '');
}

/** Rewrites the moving values (power, temperatures, clocks) for the current load. */
export function updateFakeSysroot(root: string, state: EmulatedBoardState, util: number): void {
  const model = boardModelOrTx2(state.type);
  const rails = model.railsMw(util, state);
  for (const chip of model.sysfsPower.chips) {
    const dir = chipDir(model, chip);
    chip.channels.forEach((c, k) => {
      const mW = rails[c.rail] ?? 0;
      const mA = Math.round((mW * 1000) / c.mV);
      if (model.sysfsPower.layout === 'iio') {
        put(root, `${dir}/in_power${k}_input`, mW);
        put(root, `${dir}/in_voltage${k}_input`, c.mV);
        put(root, `${dir}/in_current${k}_input`, mA);
      } else {
        put(root, `${dir}/in${k + 1}_input`, c.mV);
        put(root, `${dir}/curr${k + 1}_input`, mA);
      }
    });
    if (model.sysfsPower.layout === 'hwmon') put(root, `${dir}/in7_input`, 40);
  }
  const temps = temperaturesC(model, util, state);
  model.sensors.forEach((s, i) => put(root, `sys/devices/virtual/thermal/thermal_zone${i}/temp`, Math.round(temps[s.name]! * 1000)));
  const mode = modeOf(model, state.nvpmodel);
  const cur = cpuKHz(model, util, state);
  put(root, 'sys/devices/system/cpu/online', mode.online.join(','));
  for (let cpu = 0; cpu < model.cpuCount; cpu += 1) {
    const dir = `sys/devices/system/cpu/cpu${cpu}`;
    put(root, `${dir}/online`, mode.online.includes(cpu) ? 1 : 0);
    put(root, `${dir}/cpufreq/scaling_cur_freq`, cur);
    put(root, `${dir}/cpufreq/scaling_max_freq`, mode.cpuMaxKHz);
    put(root, `${dir}/cpufreq/cpuinfo_max_freq`, model.cpuInfoMaxKHz);
  }
}
