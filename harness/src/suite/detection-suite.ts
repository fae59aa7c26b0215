import { loadSuiteSync, type LoadedSuite } from '../config/load-suite.js';
import { isHilError, describeError } from '../errors.js';
import { planChecks, type PlannedCheck } from './check-plan.js';
import { CHECK_ATTACHMENT, type CheckAttachment } from './check-attachment.js';
import { test } from './fixtures.js';
import { readManifestIndexSync } from './manifest-index.js';
import { readRunEnv } from './run-env.js';
import { runCheck } from './run-check.js';

/** Thrown for a verdict outside its limit: the reporter marks the check `failed`, not `broken`. */
export class CheckFailedError extends Error {
  override name = 'CheckFailedError';
}

/**
 * Generates the tests of a data-driven detection suite: for each model of `<name>.suite.yaml`
 * (or those picked with `--model`), one test per check. Adding a model or a tolerance is an
 * edit of the suite file or the manifest, never of code.
 */
export function defineDetectionSuite(name?: string): LoadedSuite {
  const env = readRunEnv();
  const suite = loadSuiteSync(env.rootDir, env.suitesDir, name ?? env.suite);
  const manifest = readManifestIndexSync(env.rootDir);
  const modelNames = new Set(manifest.map((m) => m.name));
  const selected = env.models.length > 0 ? suite.models.filter((m) => env.models.includes(m)) : suite.models;
  for (const modelName of selected) {
    const entry = manifest.find((m) => m.name === modelName);
    test.describe(modelName, () => {
      for (const check of planChecks(suite, { name: modelName, baseline: entry?.baseline }, modelNames)) {
        test(check.title, async ({ device, hilRun }, testInfo) => {
          const attach = async (info: CheckAttachment) =>
            testInfo.attach(CHECK_ATTACHMENT, { body: JSON.stringify(info), contentType: 'application/json' });
          const base = baseAttachment(device, modelName, entry?.variant ?? 'unknown', check);
          let outcome;
          try {
            outcome = await runCheck({ suite, check, modelName, device, run: hilRun, testInfo });
          } catch (error) {
            await attach({ ...base, verdict: null, errorCode: isHilError(error) ? error.code : 'HIL_UNEXPECTED' });
            throw isHilError(error) ? new Error(describeError(error)) : error;
          }
          await attach({ ...base, verdict: outcome.verdict, parameters: outcome.parameters, description: outcome.description });
          if (outcome.verdict.status === 'skipped' || outcome.verdict.status === 'invalid') {
            test.skip(true, outcome.verdict.message);
          }
          if (outcome.verdict.status === 'failed') throw new CheckFailedError(outcome.verdict.message);
        });
      }
    });
  }
  return suite;
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
