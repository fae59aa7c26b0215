/**
 * What one kind of Jetson looks like from the inside, for the emulator: its nvpmodel modes, the
 * rails its INA3221 monitors report and where in sysfs, its thermal sensors, the JetPack it runs
 * (L4T release, tegrastats dialect, TensorRT version) and the strings its tools print. Each model
 * is data plus pure functions of (CPU utilisation, board state); the fake tools and the fake sysfs
 * are written once against this interface. Figures are plausible for the board, not measurements:
 * results from emulated boards say `emulated: true`.
 */
import type { EmulatedBoardState } from './board-state.js';

export interface PowerMode {
  id: number;
  name: string;
  /** Online CPU cores. */
  online: number[];
  cpuMaxKHz: number;
  gpuMaxHz: number;
}

/** How the board's tegrastats prints (see ../shared/reference/jetson/tegrastats-samples.txt). */
export type TegrastatsDialect =
  /** JetPack 4: no time stamp, rails `current/average` in bare mW. */
  | 'jp4'
  /** JetPack 5/6: `MM-DD-YYYY HH:MM:SS` prefix, rails with an `mW` suffix. */
  | 'jp5';

/** trtexec's report layout by TensorRT release (sampleReporting.cpp changed in 8.4 and 8.6). */
export type TrtexecDialect = '8.2' | '8.5' | '8.6+';

/**
 * Before 8.2 the emulator has no real sample of trtexec's report, so it does not print one: such a
 * release only answers its banner and `--help` (enough for hil's probe, which refuses it anyway).
 */
export type OldTrtexecDialect = 'pre-8.2';

export interface TensorRtRelease {
  version: string;
  /** The version as trtexec's banner codes it: 8.2.1 → 8201, 10.3.0 → 100300. */
  code: number;
  dialect: TrtexecDialect | OldTrtexecDialect;
}

/** Releases a board state may ask for instead of its model's (`tensorrt` in state.json). */
export const TENSORRT_RELEASES: readonly TensorRtRelease[] = [
  { version: '5.0.3', code: 5003, dialect: 'pre-8.2' },
  { version: '8.2.1', code: 8201, dialect: '8.2' },
  { version: '8.5.2', code: 8502, dialect: '8.5' },
  { version: '10.3.0', code: 100300, dialect: '8.6+' },
];

/** The TensorRT the board runs: its model's, or the release its state asks for. */
export function tensorRtOf(model: BoardModel, state: Pick<EmulatedBoardState, 'tensorrt'>): TensorRtRelease {
  if (!state.tensorrt) return model.tensorrt;
  return TENSORRT_RELEASES.find((r) => r.version === state.tensorrt) ?? model.tensorrt;
}

export interface SensorSpec {
  /** Name tegrastats prints. */
  name: string;
  /** The thermal zone's `type` in sysfs. */
  zoneType: string;
  idleC: number;
  /** Degrees added at full load. */
  heatC: number;
  /** Resolution of the reading in °C (0.5 on a TX2, 1/32 on Orin). */
  stepC: number;
  /** A placeholder reading that never moves, e.g. a TX2's `PMIC@100C` (not a real sensor). */
  fixed?: boolean;
}

/** One INA3221 channel in sysfs. */
export interface RailChannel {
  rail: string;
  /** Bus voltage in mV (hwmon's in<k>_input; iio's in_voltage<k>_input). */
  mV: number;
}

export interface Ina3221Chip {
  /** iio: .../ina3221x/<dir>/iio:deviceN; hwmon: /sys/bus/i2c/devices/<dir>/hwmon/hwmonN. */
  dir: string;
  device: string;
  channels: RailChannel[];
}

/** A GPU beside the SoC's own, on PCIe/MXM (Drive PX2: a GP106-class Pascal). */
export interface DiscreteGpu {
  /** What trtexec's `Selected Device` and `nvidia-smi -L` print. */
  name: string;
  computeCapability: string;
  /** Whether this board's `nvidia-smi` reports `power.draw` (else `[N/A]`, as many embedded drivers do). */
  reportsPower: boolean;
  /** The GPU's own draw, W, idle and busy (for nvidia-smi when it reports power). */
  idleW: number;
  busyW: number;
}

/** One CUDA device as `cudaSetDevice(N)` (and so `trtexec --device=N`) sees it. */
export interface CudaDevice {
  id: number;
  kind: 'integrated' | 'discrete';
  name: string;
  computeCapability: string;
}

export interface BoardModel {
  /** hil device type (devices/<type>.yaml). */
  type: string;
  /** Board names: `<prefix>-01`. */
  boardPrefix: string;
  modes: readonly PowerMode[];
  defaultMode: number;
  cpuCount: number;
  cpuMinKHz: number;
  /** The fastest any mode clocks a core (cpuinfo_max_freq). */
  cpuInfoMaxKHz: number;
  gpuMinHz: number;
  emcMinHz: number;
  emcMaxHz: number;
  ramTotalMb: number;
  /** First line of /etc/nv_tegra_release. */
  nvTegraRelease: string;
  /** /proc/device-tree/model. */
  deviceTreeModel: string;
  /** `SOC family:` and `Machine:` of `jetson_clocks --show`. */
  socFamily: string;
  machine: string;
  /** trtexec's `Selected Device` and compute capability (the SoC's integrated GPU). */
  gpuName: string;
  computeCapability: string;
  tensorrt: TensorRtRelease;
  /**
   * The C library of its Ubuntu (`ldd --version`): 2.27 on JetPack 4 (18.04), 2.31 on JetPack 5,
   * 2.35 on JetPack 6. Node 20 and onnxruntime-node need 2.28, so on JetPack 4 hil's agent cannot
   * run unless the board was upgraded (state `upgradedNode`).
   */
  glibc: string;
  tegrastats: TegrastatsDialect;
  /** Rails in the order tegrastats prints them. */
  rails: readonly string[];
  /** INA3221 layout in sysfs: iio (JetPack <= 4) or hwmon (JetPack 5+). */
  sysfsPower: { layout: 'iio' | 'hwmon'; chips: readonly Ina3221Chip[] };
  sensors: readonly SensorSpec[];
  /** Instantaneous power per rail, mW, for a CPU utilisation in [0, 1]. */
  railsMw(util: number, state: EmulatedBoardState): Record<string, number>;
  /** GPUs beside the SoC's; CUDA numbers them first (its default order puts the fastest first). */
  discreteGpus?: readonly DiscreteGpu[];
  /**
   * Whole-board power at the wall, W, for the emulated external meter. Boards without it: their
   * input rail plus the carrier board and supply (see emulated-farm.ts).
   */
  wallW?(util: number, state: EmulatedBoardState): number;
  /** The board is measured by a lab meter as a matter of course (no input rail of its own): `hil emulate` gives it one. */
  labMeter?: boolean;
  /** Which of the facts above are assumptions nobody could confirm on a real board (printed by `hil emulate`). */
  unconfirmed?: readonly string[];
}

/** The board's CUDA devices in `cudaSetDevice` order: discrete GPUs first, then the SoC's. */
export function cudaDevices(model: BoardModel): CudaDevice[] {
  const discrete = (model.discreteGpus ?? []).map((g, i) => ({ id: i, kind: 'discrete' as const, name: g.name, computeCapability: g.computeCapability }));
  return [...discrete, { id: discrete.length, kind: 'integrated', name: model.gpuName, computeCapability: model.computeCapability }];
}

export function modeOf(model: BoardModel, id: number): PowerMode {
  return model.modes.find((m) => m.id === id) ?? model.modes.find((m) => m.id === model.defaultMode)!;
}

/** Clock speed as a fraction of the fastest: pinned, throttled, or following load (DVFS). */
export function cpuKHz(model: BoardModel, util: number, state: EmulatedBoardState): number {
  const mode = modeOf(model, state.nvpmodel);
  const max = state.throttled ? Math.round(mode.cpuMaxKHz * 0.6) : mode.cpuMaxKHz;
  if (state.clocksMax) return max;
  return Math.round(model.cpuMinKHz + (max - model.cpuMinKHz) * clamp01(util));
}

export function gpuCurHz(model: BoardModel, state: EmulatedBoardState): number {
  const mode = modeOf(model, state.nvpmodel);
  if (!state.clocksMax) return model.gpuMinHz;
  return state.throttled ? Math.round(mode.gpuMaxHz * 0.6) : mode.gpuMaxHz;
}

/** Sensor temperatures, °C, for a smoothed utilisation in [0, 1], at the sensor's resolution. */
export function temperaturesC(model: BoardModel, util: number, state: EmulatedBoardState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of model.sensors) {
    const raw = s.fixed ? s.idleC : s.idleC + s.heatC * clamp01(util) + state.tempOffsetC;
    // Three decimals at most, as sysfs millidegrees print.
    out[s.name] = Math.round(Math.round(raw / s.stepC) * s.stepC * 1000) / 1000;
  }
  return out;
}

/** Share of the fastest mode's CPU power a mode draws at full load (cores online × clock). */
export function cpuPowerScale(model: BoardModel, state: EmulatedBoardState): number {
  const mode = modeOf(model, state.nvpmodel);
  return (mode.online.length / model.cpuCount) * (mode.cpuMaxKHz / model.cpuInfoMaxKHz);
}

export function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Node 20's floor: it is linked against GLIBC_2.28 symbols. */
export const NODE_MIN_GLIBC = '2.28';

function versionBelow(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x!.length, y!.length); i += 1) {
    if ((x![i] ?? 0) !== (y![i] ?? 0)) return (x![i] ?? 0) < (y![i] ?? 0);
  }
  return false;
}

/** Whether Node 20 (and so hil's agent) runs on the board: its glibc is new enough, or it was upgraded. */
export function nodeRuns(model: BoardModel, state: Pick<EmulatedBoardState, 'upgradedNode'>): boolean {
  return state.upgradedNode === true || !versionBelow(model.glibc, NODE_MIN_GLIBC);
}

export function defaultStateFor(model: BoardModel): EmulatedBoardState {
  return { type: model.type, nvpmodel: model.defaultMode, clocksMax: false, tempOffsetC: 0, throttled: false, tegrastats: 'normal', clockSkewS: 0, runner: 'normal' };
}
