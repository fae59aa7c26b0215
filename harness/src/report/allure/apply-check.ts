/**
 * Inside a Playwright test run with the allure-playwright reporter: put a check's names, labels,
 * parameters and description on the current test. Outside a test these calls do nothing.
 */
import * as allure from 'allure-js-commons';
import type { ErrorFamily } from '../../errors.js';
import { isHilError } from '../../errors.js';
import type { AllureCheckDescription } from './check-description.js';
import { FAMILY_LABEL } from './status-listener.js';

export async function applyCheckToAllure(description: AllureCheckDescription): Promise<void> {
  await allure.displayName(description.name);
  // allure-playwright's fullName is the spec file + title path; the test case id is what Allure
  // keys history on, so it carries the stable hil key instead.
  await allure.testCaseId(description.testCaseId);
  await allure.labels(...description.labels);
  for (const p of description.parameters) await allure.parameter(p.name, p.value, { excluded: p.excluded ?? false });
  await allure.description(description.description);
}

/**
 * Record which family a failure belongs to before rethrowing it, so the status listener marks
 * verdicts `failed` and everything else `broken` (allure-playwright alone marks every thrown
 * error `failed`). Unknown errors count as infrastructure: the harness, not the model, broke.
 */
export async function labelFailureFamily(error: unknown): Promise<ErrorFamily> {
  const family: ErrorFamily = isHilError(error) ? error.family : 'infrastructure';
  await allure.label(FAMILY_LABEL, family);
  return family;
}
