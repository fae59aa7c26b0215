import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { loadSuiteSync } from '../config/load-suite.js';
import { ConfigError, InfrastructureError } from '../errors.js';
import { encodeRunEnv, type RunEnv } from '../results/run-env.js';
import { planRunProjects } from '../plan/run-targets.js';
import { exitCodeForChecks, type CheckRecord } from '../results/check-record.js';
import { newRunId } from './run-id.js';
import { readRun } from '../results/read-run.js';
import { spawnPlaywright } from './spawn-playwright.js';
import { validateRunInputs } from './validate-run-inputs.js';
import { ensureStreamSequence } from '../datasets/stream-sequence.js';
import type { ModelMeasurement } from '../results/check-result.js';

export interface RunOptions {
  device?: string[];
  /** Only these targets of the devices (cpu, igpu, dgpu); default: every target a runner of the device serves. */
  target?: string[];
  suite?: string;
  model?: string[];
  grep?: string;
  shard?: string;
  farm?: string;
  config?: string;
  json?: boolean;
  /** Stream suites only: streams at once, spread over the device's free boards. */
  streams?: number;
  cwd?: string;
  signal?: AbortSignal;
}

export interface RunResult {
  runId: string;
  runDir: string;
  suite: string;
  devices: string[];
  exitCode: 0 | 1 | 2;
  checks: CheckRecord[];
  measurements: ModelMeasurement[];
}

/** `hil run`: validate everything up front (exit 3 before any board is touched), then run the suite. */
export async function runSuites(options: RunOptions): Promise<RunResult> {
  const config = await loadConfig({ cwd: options.cwd, configFile: options.config });
  const suiteName = options.suite ?? config.defaultSuite;
  const suite = loadSuiteSync(config.rootDir, config.suitesDir, suiteName);
  const devices = options.device && options.device.length > 0 ? options.device : [config.defaultDevice];
  const farmFile = options.farm ? path.resolve(options.farm) : path.resolve(config.rootDir, config.farm);
  if (options.streams !== undefined && !suite.stream) {
    throw new ConfigError('HIL_STREAMS_NOT_STREAM_SUITE', `--streams ${options.streams}: suite "${suiteName}" (${suite.file}) has no stream section`, { hint: 'use it with a stream suite: --suite stream' });
  }
  // A stream suite's frame sequence is rendered once, before it is validated like any dataset.
  if (suite.stream) await ensureStreamSequence(config.rootDir, suite, (m) => (options.json ? process.stderr : process.stdout).write(`${m}\n`));
  const { boardsPerDevice, profiles } = await validateRunInputs({ config, suite, devices, models: options.model ?? [], farmFile });
  // One Playwright project per device and target: `jetson2` (cpu, hil's agent), `jetson2:igpu` (trtexec).
  const projects = planRunProjects({
    devices: devices.map((requested, i) => ({ requested, profile: profiles[i]! })),
    targets: options.target,
    needs: suite.stream ? ['stream'] : ['accuracy', 'single-stream', 'throughput'],
    suite: suiteName,
  });
  // One Playwright worker per board: a device type's models spread over all its free boards (each
  // worker leases its own). A stream suite leases the boards of its wall itself: one worker per device.
  const workers = suite.stream ? devices.length : boardsPerDevice.reduce((a, b) => a + b, 0);

  const runId = newRunId();
  const reportsDir = path.resolve(config.rootDir, config.reportsDir);
  const runDir = path.join(reportsDir, 'runs', runId);
  await mkdir(runDir, { recursive: true });
  // allure-results holds the latest run only; history lives with the generated report.
  await rm(path.join(reportsDir, 'allure-results'), { recursive: true, force: true });
  const env: RunEnv = {
    rootDir: config.rootDir,
    runId,
    runDir,
    suite: suiteName,
    suitesDir: path.resolve(config.rootDir, config.suitesDir),
    models: options.model ?? [],
    devices,
    farmFile,
    configFile: config.configFile,
    manifest: config.manifest,
    projects,
    workers,
    ...(options.streams !== undefined ? { streams: options.streams } : {}),
  };
  await writeFile(path.join(runDir, 'run.json'), JSON.stringify({ ...env, startedAt: new Date().toISOString() }, null, 2));
  await writeFile(path.join(reportsDir, 'latest-run'), `${runId}\n`);

  const invocation = await spawnPlaywright({
    rootDir: config.rootDir,
    env: encodeRunEnv(env),
    grep: options.grep,
    shard: options.shard,
    progress: options.json ? process.stderr : process.stdout,
    signal: options.signal,
  });
  const { checks, measurements } = await readRun(runDir);
  if (checks.length === 0) {
    if (options.grep) throw new ConfigError('HIL_NO_TESTS', `no check matched --grep "${options.grep}"`);
    throw new InfrastructureError(
      'HIL_RUN_NO_RESULTS',
      `the suite "${suiteName}" produced no results (Playwright exited with ${invocation.exitCode}):\n${invocation.outputTail.trim().split('\n').slice(-15).join('\n')}`,
    );
  }
  return { runId, runDir, suite: suiteName, devices, exitCode: exitCodeForChecks(checks), checks, measurements };
}
