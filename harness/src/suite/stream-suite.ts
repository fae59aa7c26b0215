import type { TestInfo } from '@playwright/test';
import { loadSuiteSync, type LoadedSuite } from '../config/load-suite.js';
import { ConfigError } from '../errors.js';
import { checkContext, checkIdentity, runAndReportCheck } from './report-check.js';
import type { HilWorkerFixtures } from './fixtures.js';
import { readManifestSync } from '../config/load-manifest.js';
import { readRunEnv } from '../results/run-env.js';
import { runStreamCheck } from '../checks/stream-check.js';
import { planStreamChecks, type StreamPlannedCheck } from '../plan/stream-check-plan.js';

export interface StreamPlannedModel {
  name: string;
  variant: string;
  checks: StreamPlannedCheck[];
}

export interface StreamSuitePlan {
  suite: LoadedSuite;
  /** Streams at once (`--streams` over the suite file's value). */
  streams: number;
  models: StreamPlannedModel[];
}

/**
 * The tests of a stream suite (`<name>.suite.yaml` with a `stream:` section): for each model,
 * processed FPS and glass-to-glass p99 against the device type's stream budgets, mAP on the
 * processed frames (recorded), and with several streams the wall's total. The streams run once
 * per model and run; every check reads that one measurement.
 */
export function planStreamSuite(name?: string): StreamSuitePlan {
  const env = readRunEnv();
  const suite = loadSuiteSync(env.rootDir, env.suitesDir, name ?? env.suite);
  if (!suite.stream) throw new ConfigError('HIL_NOT_STREAM_SUITE', `${suite.file}: a stream suite needs a stream: section (camera FPS, policy, sequence)`);
  const manifest = readManifestSync(env.rootDir, env.manifest);
  const selected = env.models.length > 0 ? suite.models.filter((m) => env.models.includes(m)) : suite.models;
  const streams = env.streams ?? suite.stream.streams;
  return {
    suite,
    streams,
    models: selected.map((name) => ({ name, variant: manifest.find((m) => m.name === name)?.variant ?? 'unknown', checks: planStreamChecks(streams) })),
  };
}

/** One stream check, reported like every hil check: verdict `failed`, anything else thrown `broken`. */
export async function runStreamSuiteCheck(
  plan: StreamSuitePlan,
  model: StreamPlannedModel,
  check: StreamPlannedCheck,
  fixtures: Pick<HilWorkerFixtures, 'device' | 'hilRun'>,
  testInfo: TestInfo,
): Promise<void> {
  const { device, hilRun } = fixtures;
  await runAndReportCheck(testInfo, checkIdentity(device, model, { kind: check.kind, scenario: 'stream' }), () =>
    runStreamCheck({ suite: plan.suite, check, modelName: model.name, device, run: hilRun, context: checkContext(testInfo) }),
  );
}
