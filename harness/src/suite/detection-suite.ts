import { loadSuiteSync, type LoadedSuite } from '../config/load-suite.js';
import { planChecks, type PlannedCheck } from '../plan/check-plan.js';
import type { TestInfo } from '@playwright/test';
import type { HilWorkerFixtures } from './fixtures.js';
import { readManifestSync } from '../config/load-manifest.js';
import { readRunEnv } from '../results/run-env.js';
import { runCheck } from '../checks/detection-check.js';
import { checkContext, checkIdentity, runAndReportCheck } from './report-check.js';

export { CheckFailedError } from './report-check.js';

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
  const manifest = readManifestSync(env.rootDir, env.manifest);
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
  await runAndReportCheck(testInfo, checkIdentity(device, model, check), () =>
    runCheck({ suite: plan.suite, check, modelName: model.name, device, run: hilRun, context: checkContext(testInfo) }),
  );
}
