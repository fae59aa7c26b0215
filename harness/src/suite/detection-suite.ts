import { loadSuiteSync, type LoadedSuite } from '../config/load-suite.js';
import { isHilError, describeError } from '../errors.js';
import { planChecks, type PlannedCheck } from './check-plan.js';
import { CHECK_ATTACHMENT, type CheckAttachment } from './check-attachment.js';
import type { TestInfo } from '@playwright/test';
import { test, type HilWorkerFixtures } from './fixtures.js';
import { readManifestIndexSync } from './manifest-index.js';
import { readRunEnv } from './run-env.js';
import { runCheck } from './run-check.js';

/** Thrown for a verdict outside its limit: the reporter marks the check `failed`, not `broken`. */
export class CheckFailedError extends Error {
  override name = 'CheckFailedError';
}

export interface PlannedModel {
  name: string;
  variant: string;
  checks: PlannedCheck[];
}

export interface DetectionSuitePlan {
  suite: LoadedSuite;
  models: PlannedModel[];
}

/**
 * The tests of a data-driven detection suite: for each model of `<name>.suite.yaml` (or those
 * picked with `--model`), one test per check. Adding a model or a tolerance is an edit of the
 * suite file or the manifest, never of code.
 */
export function planDetectionSuite(name?: string): DetectionSuitePlan {
  const env = readRunEnv();
  const suite = loadSuiteSync(env.rootDir, env.suitesDir, name ?? env.suite);
  const manifest = readManifestIndexSync(env.rootDir, env.manifest);
  const modelNames = new Set(manifest.map((m) => m.name));
  const selected = env.models.length > 0 ? suite.models.filter((m) => env.models.includes(m)) : suite.models;
  return {
    suite,
    models: selected.map((modelName) => {
      const entry = manifest.find((m) => m.name === modelName);
      return {
        name: modelName,
        variant: entry?.variant ?? 'unknown',
        checks: planChecks(suite, { name: modelName, baseline: entry?.baseline }, modelNames),
      };
    }),
  };
}

/**
 * One check: measure (memoised per run), decide the verdict, tell hil's reporter through a JSON
 * attachment. A verdict outside its limit throws CheckFailedError (`failed`); anything else that
 * throws is infrastructure (`broken`).
 */
export async function runDetectionCheck(
  plan: DetectionSuitePlan,
  model: PlannedModel,
  check: PlannedCheck,
  fixtures: Pick<HilWorkerFixtures, 'device' | 'hilRun'>,
  testInfo: TestInfo,
): Promise<void> {
  const { device, hilRun } = fixtures;
  const attach = async (info: CheckAttachment) =>
    testInfo.attach(CHECK_ATTACHMENT, { body: JSON.stringify(info), contentType: 'application/json' });
  const base = baseAttachment(device, model.name, model.variant, check);
  let outcome;
  try {
    outcome = await runCheck({ suite: plan.suite, check, modelName: model.name, device, run: hilRun, testInfo });
  } catch (error) {
    await attach({ ...base, verdict: null, errorCode: isHilError(error) ? error.code : 'HIL_UNEXPECTED' });
    throw isHilError(error) ? new Error(describeError(error)) : error;
  }
  await attach({ ...base, verdict: outcome.verdict, parameters: outcome.parameters, description: outcome.description });
  if (outcome.verdict.status === 'skipped' || outcome.verdict.status === 'invalid') {
    test.skip(true, outcome.verdict.message);
  }
  if (outcome.verdict.status === 'failed') throw new CheckFailedError(outcome.verdict.message);
}

function baseAttachment(
  device: { deviceType: string; board: string; target: string; runner: string },
  model: string,
  variant: string,
  check: PlannedCheck,
): Omit<CheckAttachment, 'verdict'> {
  return {
    model,
    variant,
    device: device.deviceType,
    board: device.board,
    target: device.target,
    runner: device.runner,
    check: check.kind,
    scenario: check.scenario,
    parameters: {},
  };
}
