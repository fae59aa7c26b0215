/**
 * The tests of a run, as its plan says (`plan.json`, written by `hil run`): for each model, one
 * test per planned check, tagged so that each Playwright project runs exactly its planned checks
 * (see playwright-config.ts). Adding a model, a tolerance or a budget is an edit of data (suite
 * file, manifest, device profile), never of code.
 */
import type { TestInfo } from '@playwright/test';
import { loadSuiteSync, type LoadedSuite } from '../config/load-suite.js';
import { runCheck } from '../checks/detection-check.js';
import { runStreamCheck } from '../checks/stream-check.js';
import { runCompareCheck } from '../checks/compare-check.js';
import { ConfigError } from '../errors.js';
import { readPlanSync } from '../plan/read-plan.js';
import { projectTests, type PlannedTest, type RunPlan } from '../plan/run-plan.js';
import { readRunEnv } from '../results/run-env.js';
import type { HilWorkerFixtures } from './fixtures.js';
import { checkContext, checkIdentity, runAndReportCheck } from './report-check.js';
import { describeVerdict, unsupportedOn, verdictParameters } from '../checks/verdict-helpers.js';
import type { DeviceSession } from '../sessions/device-session.js';
import { runContextFor } from '../checks/run-context.js';

/** A check the board cannot do at all (runner unavailable, precision unsupported): skipped as unsupported there, with the reason. */
function unsupportedOutcome(kind: string, device: DeviceSession, reason: string) {
  const verdict = unsupportedOn(kind, device.board, reason);
  return { verdict, parameters: { runner: device.runner, ...verdictParameters(verdict) }, description: describeVerdict(verdict, device) };
}

export { CheckFailedError } from './report-check.js';

export interface SuiteTest extends Omit<PlannedTest, 'required' | 'requiredBy'> {
  /** Playwright tag that selects the test per project (`@hil-3`). */
  tag: string;
}

export interface SuiteTests {
  suite: LoadedSuite;
  plan: RunPlan;
  models: Array<{ name: string; variant: string; checks: SuiteTest[] }>;
}

/** The planned tests of the run's suite `name`, grouped by model in suite order. */
export function suiteTests(name: string): SuiteTests {
  const env = readRunEnv();
  const suite = loadSuiteSync(env.rootDir, env.suitesDir, name);
  const plan = readPlanSync(env.planFile);
  if (plan.suite !== name) throw new ConfigError('HIL_PLAN_SUITE', `${env.planFile}: the run's plan is for suite "${plan.suite}", not "${name}"`);
  const models: SuiteTests['models'] = [];
  for (const test of plan.tests) {
    let model = models.find((m) => m.name === test.model);
    if (!model) models.push((model = { name: test.model, variant: test.variant, checks: [] }));
    model.checks.push({ ...test, tag: `@${test.id}` });
  }
  return { suite, plan, models };
}

/**
 * One check: measure (memoised per run), decide the verdict, tell hil's reporter through a JSON
 * attachment. A verdict outside its limit throws CheckFailedError (`failed`); anything else that
 * throws is infrastructure (`broken`).
 */
export async function runSuiteCheck(
  tests: SuiteTests,
  model: SuiteTests['models'][number],
  check: SuiteTest,
  fixtures: Pick<HilWorkerFixtures, 'device' | 'hilRun'>,
  testInfo: TestInfo,
): Promise<void> {
  const { device, hilRun } = fixtures;
  const context = checkContext(testInfo);
  const planned = new Set(projectTests(tests.plan, testInfo.project.name).filter((t) => t.model === model.name).map((t) => t.kind));
  const input = { suite: tests.suite, check, modelName: model.name, device, run: hilRun, context, planned };
  const plan = tests.plan;
  let unsupported = device.unavailable;
  if (!unsupported && device.unsupportedModel) {
    const spec = await runContextFor(hilRun.config).model(model.name);
    unsupported = await device.unsupportedModel({ spec, filePath: spec.filePath });
  }
  await runAndReportCheck(testInfo, checkIdentity(device, model, check), async () =>
    unsupported
      ? unsupportedOutcome(check.kind, device, unsupported)
      : check.scenario === 'stream' ? runStreamCheck(input) : check.scenario === 'compare' && plan.compare ? runCompareCheck({ ...input, compare: plan.compare }) : runCheck(input),
  );
}
