import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { loadSuiteSync } from '../config/load-suite.js';
import { ConfigError } from '../errors.js';
import { encodeRunEnv, type RunEnv } from '../results/run-env.js';
import { planRunProjects } from '../plan/run-targets.js';
import { parseShard, plannedCount, planRun, shardPlan, type CompareSet, type RunPlan } from '../plan/run-plan.js';
import { comparisonRows, renderComparisonsMarkdown } from '../report/comparisons.js';
import type { CheckRecord } from '../results/check-record.js';
import { newRunId } from './run-id.js';
import type { LeaseProvenance } from '../results/lease-record.js';
import { readRun } from '../results/read-run.js';
import { spawnPlaywright } from './spawn-playwright.js';
import { validateRunInputs } from './validate-run-inputs.js';
import { findChangedModels } from './compare-models.js';
import { ensureStreamSequence } from '../datasets/stream-sequence.js';
import type { ModelMeasurement } from '../results/check-result.js';
import { decideRun, type RunProblem } from './decide-run.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { renderJunitXml } from '../report/junit-xml.js';
import { AllureResultsWriter } from '../report/allure/results-writer.js';

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
  /** Seconds to wait for a busy board (--lease-wait); default: the farm inventory's leaseWaitS. */
  leaseWaitS?: number;
  /** A git revision: the models whose ONNX differs from it are compared with their old version, interleaved on one board. */
  compareTo?: string;
  cwd?: string;
  signal?: AbortSignal;
}

export interface RunResult {
  runId: string;
  runDir: string;
  suite: string;
  devices: string[];
  exitCode: 0 | 1 | 2;
  plan: RunPlan;
  /** Planned checks, and those that ended with a status the plan allows (not broken). */
  planned: number;
  decided: number;
  /** One record per planned check (a missing one is broken), then unplanned ones. */
  checks: CheckRecord[];
  problems: RunProblem[];
  /** `--compare-to`: every model of the run, changed, unchanged or new, and why. */
  compare?: CompareSet;
  measurements: ModelMeasurement[];
  /** Every board lease the run held, on the boards' clocks (releasedAt null: lost, or the worker died). */
  leases: LeaseProvenance[];
}

function grepOf(text: string | undefined): RegExp | undefined {
  if (text === undefined) return undefined;
  try {
    return new RegExp(text);
  } catch (cause) {
    throw new ConfigError('HIL_BAD_FLAG', `--grep "${text}" is not a valid regular expression: ${(cause as Error).message}`, { where: '--grep', cause });
  }
}

/**
 * `hil run`: validate everything up front (exit 3 before any board is touched), plan every check,
 * run the suite, then decide: every planned check has one record, required ones are decided.
 */
export async function runSuites(options: RunOptions): Promise<RunResult> {
  const config = await loadConfig({ cwd: options.cwd, configFile: options.config });
  const suiteName = options.suite ?? config.defaultSuite;
  const suite = loadSuiteSync(config.rootDir, config.suitesDir, suiteName);
  const devices = options.device && options.device.length > 0 ? options.device : [config.defaultDevice];
  const farmFile = options.farm ? path.resolve(options.farm) : path.resolve(config.rootDir, config.farm);
  if (options.streams !== undefined && !suite.stream) {
    throw new ConfigError('HIL_STREAMS_NOT_STREAM_SUITE', `--streams ${options.streams}: suite "${suiteName}" (${suite.file}) has no stream section`, { hint: 'use it with a stream suite: --suite stream' });
  }
  const grep = grepOf(options.grep);
  // A stream suite's frame sequence is rendered once, before it is validated like any dataset.
  if (suite.stream) await ensureStreamSequence(config.rootDir, suite, (m) => (options.json ? process.stderr : process.stdout).write(`${m}\n`));
  const { boardsPerDevice, profiles, manifest, leaseWaitS } = await validateRunInputs({ config, suite, devices, models: options.model ?? [], farmFile });
  // One Playwright project per device and target: `jetson2` (cpu, hil's agent), `jetson2:igpu` (trtexec).
  const projects = planRunProjects({
    devices: devices.map((requested, i) => ({ requested, profile: profiles[i]! })),
    targets: options.target,
    needs: suite.stream ? ['stream'] : ['accuracy', 'single-stream', 'throughput'],
    suite: suiteName,
  });
  const chosen = options.model && options.model.length > 0 ? options.model : suite.models;
  const compare = options.compareTo
    ? await findChangedModels({
        rootDir: config.rootDir,
        manifest: config.manifest,
        ref: options.compareTo,
        models: manifest.filter((m) => chosen.includes(m.name) && suite.models.includes(m.name)),
        cacheDir: path.resolve(config.rootDir, config.reportsDir, '.cache'),
      })
    : undefined;
  if (compare && suite.stream) throw new ConfigError('HIL_COMPARE_STREAM', `--compare-to: suite "${suiteName}" is a stream suite; compare with a detection suite`, { where: '--compare-to' });
  const fullPlan = planRun({
    suite,
    models: suite.models.filter((m) => chosen.includes(m)).map((name) => {
      const entry = manifest.find((m) => m.name === name)!;
      return { name, variant: entry.variant, baseline: entry.baseline };
    }),
    projects: projects.map((p) => ({ ...p, profile: profiles[devices.indexOf(p.device)]! })),
    ...(grep ? { grep } : {}),
    ...(compare ? { compare } : {}),
  });
  const shard = options.shard ? parseShard(options.shard) : undefined;
  const plan = shard ? shardPlan(fullPlan, shard.index, shard.count) : fullPlan;
  if (plannedCount(plan) === 0) {
    if (shard) throw new ConfigError('HIL_NO_TESTS', `--shard ${options.shard}: this shard has no check (the plan has ${plannedCount(fullPlan)} in ${fullPlan.projects.length} project(s)); use fewer shards`);
    if (grep) throw new ConfigError('HIL_NO_TESTS', `no planned check matched --grep "${options.grep}"`);
    throw new ConfigError('HIL_NOTHING_PLANNED', `nothing to decide: no check of suite "${suiteName}" (${suite.file}) has a limit on ${projects.map((p) => p.name).join(', ')}`, {
      hint: 'give the device budgets (devices/<type>.yaml) or the models tolerances (the suite file)',
    });
  }
  // One Playwright worker per board: a device type's models spread over all its free boards (each
  // worker leases its own). A stream suite leases the boards of its wall itself: one worker per device.
  const workers = suite.stream ? devices.length : boardsPerDevice.reduce((a, b) => a + b, 0);

  const runId = newRunId();
  const reportsDir = path.resolve(config.rootDir, config.reportsDir);
  const runDir = path.join(reportsDir, 'runs', runId);
  await mkdir(runDir, { recursive: true });
  const planFile = path.join(runDir, 'plan.json');
  await writeFileAtomic(planFile, JSON.stringify(plan, null, 2));
  // allure-results holds the latest run only; history lives with the generated report.
  await rm(path.join(reportsDir, 'allure-results'), { recursive: true, force: true });
  const env: RunEnv = {
    rootDir: config.rootDir,
    runId,
    runDir,
    planFile,
    suite: suiteName,
    suitesDir: path.resolve(config.rootDir, config.suitesDir),
    models: options.model ?? [],
    devices,
    farmFile,
    configFile: config.configFile,
    manifest: config.manifest,
    projects,
    workers,
    leaseWaitS: options.leaseWaitS ?? leaseWaitS,
    ...(options.streams !== undefined ? { streams: options.streams } : {}),
  };
  await writeFile(path.join(runDir, 'run.json'), JSON.stringify({ ...env, startedAt: new Date().toISOString() }, null, 2));
  await writeFile(path.join(reportsDir, 'latest-run'), `${runId}\n`);

  const invocation = await spawnPlaywright({
    rootDir: config.rootDir,
    env: encodeRunEnv(env),
    progress: options.json ? process.stderr : process.stdout,
    signal: options.signal,
  });
  const { checks, measurements, leases } = await readRun(runDir);
  const decision = decideRun({ plan, records: checks, playwrightExitCode: invocation.exitCode, outputTail: invocation.outputTail, runId });
  const result: RunResult = {
    runId,
    runDir,
    suite: suiteName,
    devices,
    exitCode: decision.exitCode,
    plan,
    planned: decision.planned,
    decided: decision.decided,
    checks: decision.records,
    problems: decision.problems,
    measurements,
    leases,
    ...(plan.compare ? { compare: plan.compare } : {}),
  };
  await writeFileAtomic(path.join(reportsDir, 'junit.xml'), renderJunitXml(decision.records, { runId, timestamp: new Date().toISOString() }));
  writeUnrecordedToAllure(path.join(reportsDir, 'allure-results'), decision.records);
  if (plan.compare) await writeFileAtomic(path.join(runDir, 'comparisons.md'), renderComparisonsMarkdown(plan.compare, comparisonRows(measurements)));
  // What the reports read: the decided records (with the synthesised broken ones) and the counts.
  await writeFileAtomic(path.join(runDir, 'decision.json'), JSON.stringify({ planned: decision.planned, decided: decision.decided, counts: decision.counts, problems: decision.problems, exitCode: decision.exitCode, checks: decision.records }, null, 2));
  return result;
}

/** Planned checks that left no record are in the Allure report too, as broken, saying why. */
function writeUnrecordedToAllure(resultsDir: string, records: readonly CheckRecord[]): void {
  const missing = records.filter((r) => r.errorCode === 'HIL_CHECK_NOT_RECORDED');
  if (missing.length === 0) return;
  const writer = new AllureResultsWriter(resultsDir);
  const now = Date.now();
  for (const r of missing) {
    writer.writeCheck({
      identity: { device: r.device, board: r.board, target: r.target, model: r.model, variant: r.variant, check: r.check, hilSuite: r.suite, required: r.required },
      status: 'broken',
      verdict: null,
      start: now,
      stop: now,
      error: { message: `[${r.errorCode}] ${r.error}` },
    });
  }
}
