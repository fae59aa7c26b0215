import { ConfigError } from '../errors.js';

/**
 * What `hil run` tells the Playwright processes it starts. Playwright workers are separate
 * processes, so the run's choices travel as environment variables, validated on both sides.
 */
export interface RunEnv {
  rootDir: string;
  runId: string;
  runDir: string;
  /** The run's plan (`plan.json` in the run folder): the suites create exactly its tests. */
  planFile: string;
  suite: string;
  /** Absolute folder of the suite files. */
  suitesDir: string;
  /** Model names chosen with --model; empty = every model of the suite. */
  models: string[];
  /** Each entry becomes a Playwright project: a device type or a board name, as typed. */
  devices: string[];
  farmFile: string | null;
  configFile: string | null;
  /** The model manifest, relative to rootDir (config.manifest). */
  manifest: string;
  /** Playwright projects, one per device and target (planned by `hil run`); absent = one per device, cpu. */
  projects: RunProject[];
  /** Playwright workers: one per board that may serve the run. */
  workers: number;
  /** Seconds a worker waits for a busy board before HIL_LEASE_BUSY (--lease-wait, else the inventory's leaseWaitS). */
  leaseWaitS?: number;
  /** Stream suites: streams at once (`--streams N`); absent = the suite file's value. */
  streams?: number;
}

/** One Playwright project of a run: a device (type or board, as typed) measured on one target. */
export interface RunProject {
  /** `jetson2` for the CPU, `jetson2:igpu` for another target. */
  name: string;
  device: string;
  target: 'cpu' | 'igpu' | 'dgpu';
  runner: 'ort-agent' | 'trtexec';
}

const PREFIX = 'HIL_RUN_';

export function encodeRunEnv(env: RunEnv): Record<string, string> {
  return { [`${PREFIX}JSON`]: JSON.stringify(env) };
}

export function readRunEnv(source: NodeJS.ProcessEnv = process.env): RunEnv {
  const raw = source[`${PREFIX}JSON`];
  if (!raw) {
    throw new ConfigError(
      'HIL_RUN_ENV_MISSING',
      'hil suites are started by `npx hil run`, which prepares the run folder and the devices',
      { hint: 'run `npx hil run` instead of `npx playwright test`' },
    );
  }
  return JSON.parse(raw) as RunEnv;
}
