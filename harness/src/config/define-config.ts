/**
 * hil's own configuration (`hil.config.js` at the project root). `defineConfig` only adds types,
 * like vitest's: the file stays plain data that `loadConfig` validates and fills with defaults.
 */
export interface SingleStreamOptions {
  /** Untimed inferences before measuring. @default 20 */
  warmup?: number;
  /** Minimum timed queries (MLPerf LoadGen: 64 for p90, 662 for p99). @default 662 */
  minQueries?: number;
  /** Minimum measuring time in ms; both minimums must hold. @default 10000 */
  minDurationMs?: number;
  /** Hard cap so a slow board cannot run forever. @default 120000 */
  maxDurationMs?: number;
  /**
   * Local device: CPU cores other processes may keep busy (on average) during the timed queries;
   * above it the measurement is invalid ("host busy"), never a regression. @default 0.5
   */
  maxOtherCores?: number;
  /**
   * Times an invalid measurement (host busy, board throttled) is taken again before it stays
   * invalid; a required check still invalid after that is not green. @default 2
   */
  remeasure?: number;
}

export interface ThroughputOptions {
  /** Batch size when the model has a dynamic batch axis. @default 8 */
  batch?: number;
  /** Minimum measuring time in ms. @default 5000 */
  minDurationMs?: number;
}

export interface HilConfig {
  /** Folder of the Playwright suite files and their `*.suite.yaml` data. @default 'suites' */
  suitesDir?: string;
  /** Device-type profiles. @default 'devices' */
  devicesDir?: string;
  /** Farm inventory used for non-local devices. @default 'devices/farm.yaml' */
  farm?: string;
  /** Model manifest. @default 'golden/models/manifest.yaml' */
  manifest?: string;
  /** Stored baselines, one folder per device type. @default 'golden/baselines' */
  baselinesDir?: string;
  /** Where runs write allure-results, junit.xml and their records. @default 'reports' */
  reportsDir?: string;
  /** Device used when `--device` is not given. @default 'local' */
  defaultDevice?: string;
  /** Suite used when `--suite` is not given. @default 'detection' */
  defaultSuite?: string;
  singleStream?: SingleStreamOptions;
  throughput?: ThroughputOptions;
  /** Per-stage limits in ms; a timeout names the board, the stage and the limit. */
  timeouts?: { connectMs?: number; deployMs?: number; measureMs?: number };
  /**
   * Board leases. A run renews its lease every ttlS / 3 s; a run that was killed (no heartbeat)
   * keeps its board for at most ttlS more seconds, then another run reclaims it.
   */
  lease?: { /** @default 60 */ ttlS?: number };
}

export type ResolvedHilConfig = Required<Omit<HilConfig, 'singleStream' | 'throughput' | 'timeouts' | 'lease'>> & {
  rootDir: string;
  configFile: string | null;
  singleStream: Required<SingleStreamOptions>;
  throughput: Required<ThroughputOptions>;
  timeouts: Required<NonNullable<HilConfig['timeouts']>>;
  lease: Required<NonNullable<HilConfig['lease']>>;
};

export function defineConfig(config: HilConfig): HilConfig {
  return config;
}

export const CONFIG_DEFAULTS: Omit<ResolvedHilConfig, 'rootDir' | 'configFile'> = {
  suitesDir: 'suites',
  devicesDir: 'devices',
  farm: 'devices/farm.yaml',
  manifest: 'golden/models/manifest.yaml',
  baselinesDir: 'golden/baselines',
  reportsDir: 'reports',
  defaultDevice: 'local',
  defaultSuite: 'detection',
  singleStream: { warmup: 20, minQueries: 662, minDurationMs: 10_000, maxDurationMs: 120_000, maxOtherCores: 0.5, remeasure: 2 },
  throughput: { batch: 8, minDurationMs: 5_000 },
  timeouts: { connectMs: 20_000, deployMs: 120_000, measureMs: 600_000 },
  lease: { ttlS: 60 },
};
