/**
 * What an emulated Jetson TX2 reports, as a function of the host's real CPU load and the board's
 * emulated settings. Pure. The figures are a plausible TX2 (idle ~3.2 W on VDD_IN, ~8 W with all
 * CPU cores busy), not measurements: results from emulated boards say `emulated: true`.
 */

export interface Tx2Mode {
  id: number;
  name: string;
  /** Online CPU cores: 0 and 3-5 are Cortex-A57, 1-2 are Denver2. */
  online: number[];
  cpuMaxKHz: number;
  gpuMaxHz: number;
}

/** nvpmodel modes of a TX2 (JetPack 4). */
export const TX2_MODES: readonly Tx2Mode[] = [
  { id: 0, name: 'MAXN', online: [0, 1, 2, 3, 4, 5], cpuMaxKHz: 2035200, gpuMaxHz: 1300500000 },
  { id: 1, name: 'MAXQ', online: [0, 3, 4, 5], cpuMaxKHz: 1267200, gpuMaxHz: 854250000 },
  { id: 2, name: 'MAXP_CORE_ALL', online: [0, 1, 2, 3, 4, 5], cpuMaxKHz: 1420800, gpuMaxHz: 1122000000 },
  { id: 3, name: 'MAXP_CORE_ARM', online: [0, 3, 4, 5], cpuMaxKHz: 2035200, gpuMaxHz: 1134750000 },
  { id: 4, name: 'MAXP_CORE_DENVER', online: [0, 1, 2], cpuMaxKHz: 2035200, gpuMaxHz: 1122000000 },
];

export const TX2_DEFAULT_MODE = 3;
export const TX2_CPU_MIN_KHZ = 345600;
export const TX2_GPU_MIN_HZ = 114750000;
export const TX2_EMC_MAX_HZ = 1866000000;

export function tx2Mode(id: number): Tx2Mode {
  return TX2_MODES.find((m) => m.id === id) ?? TX2_MODES[TX2_DEFAULT_MODE]!;
}

/** The emulated board's settings and injected faults (the emulator's `state.json`). */
export interface EmulatedBoardState {
  type: string;
  nvpmodel: number;
  /** `jetson_clocks` ran: clocks pinned at the mode's maximum. */
  clocksMax: boolean;
  /** Added to every temperature (thermal fault injection). */
  tempOffsetC: number;
  /** Clocks held below maximum whatever `jetson_clocks` says (thermal throttling). */
  throttled: boolean;
  /** tegrastats behaviour: `missing` removes the tool, `silent` prints nothing, `no-rails` omits power. */
  tegrastats: 'normal' | 'missing' | 'silent' | 'no-rails';
  /** Seconds added to the board's `date` (host/board clock skew). */
  clockSkewS: number;
  /**
   * hil's agent on this board (runner fault injection): `hang` starts and then prints nothing
   * forever, `crash` prints garbage and dies with a non-zero exit, `garbage` exits 0 with a
   * result file that is not JSON.
   */
  runner: 'normal' | 'hang' | 'crash' | 'garbage';
}

export function defaultBoardState(type: string): EmulatedBoardState {
  return { type, nvpmodel: TX2_DEFAULT_MODE, clocksMax: false, tempOffsetC: 0, throttled: false, tegrastats: 'normal', clockSkewS: 0, runner: 'normal' };
}

/** Rails in the order a TX2 on JetPack 4 prints them, mW. */
export const TX2_RAILS = ['VDD_SYS_GPU', 'VDD_SYS_SOC', 'VDD_4V0_WIFI', 'VDD_IN', 'VDD_SYS_CPU', 'VDD_SYS_DDR'] as const;
export type Tx2Rail = (typeof TX2_RAILS)[number];

/** Instantaneous rail power for a CPU utilisation in [0, 1]. VDD_IN includes conversion losses. */
export function tx2RailsMw(util: number, state: EmulatedBoardState): Record<Tx2Rail, number> {
  const u = Math.min(1, Math.max(0, util));
  const mode = tx2Mode(state.nvpmodel);
  const cores = mode.online.length / 6;
  const clockBoost = state.clocksMax && !state.throttled ? 1 : 0;
  const cpu = 150 + 2800 * u * cores * (mode.cpuMaxKHz / 2035200) + 250 * clockBoost;
  const gpu = 150 + 120 * clockBoost;
  const soc = 530 + 250 * u;
  const wifi = 600;
  const ddr = 550 + 900 * u;
  const input = 1100 + 1.15 * (cpu + gpu + soc + wifi + ddr);
  const r = Math.round;
  return { VDD_SYS_GPU: r(gpu), VDD_SYS_SOC: r(soc), VDD_4V0_WIFI: r(wifi), VDD_IN: r(input), VDD_SYS_CPU: r(cpu), VDD_SYS_DDR: r(ddr) };
}

/** TX2 thermal sensors, °C, for a smoothed utilisation in [0, 1]. */
export function tx2TempsC(util: number, state: EmulatedBoardState): Record<string, number> {
  const heat = 14 * Math.min(1, Math.max(0, util)) + state.tempOffsetC;
  return {
    PLL: 40.5 + heat,
    MCPU: 41 + heat,
    PMIC: 100,
    Tboard: 37 + heat * 0.4,
    GPU: 39.5 + heat * 0.7,
    BCPU: 41 + heat,
    thermal: 40.4 + heat * 0.9,
    Tdiode: 38.25 + heat * 0.5,
  };
}

/** Current CPU frequency in kHz: pinned at max by jetson_clocks, else following load (DVFS). */
export function tx2CpuKHz(util: number, state: EmulatedBoardState): number {
  const mode = tx2Mode(state.nvpmodel);
  const max = state.throttled ? Math.round(mode.cpuMaxKHz * 0.6) : mode.cpuMaxKHz;
  if (state.clocksMax) return max;
  return Math.round(TX2_CPU_MIN_KHZ + (max - TX2_CPU_MIN_KHZ) * Math.min(1, Math.max(0, util)));
}

/** Thermal-sensor readings rounded like the TX2's (0.5 °C steps, Tdiode 0.25, thermal 0.1). */
export function roundTemp(name: string, value: number): number {
  if (name === 'thermal') return Math.round(value * 10) / 10;
  if (name === 'Tdiode') return Math.round(value * 4) / 4;
  return Math.round(value * 2) / 2;
}
