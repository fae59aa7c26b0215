import type { TestInfo } from '@playwright/test';
import type { CheckContext } from '../checks/check-context.js';
import { describeError, isHilError } from '../errors.js';
import { CHECK_ATTACHMENT, type CheckAttachment } from '../results/check-attachment.js';
import type { DeviceSession } from '../sessions/device-session.js';
import { test } from './fixtures.js';
import type { CheckOutcome } from '../checks/detection-check.js';

/** Thrown for a verdict outside its limit: the reporter marks the check `failed`, not `broken`. */
export class CheckFailedError extends Error {
  override name = 'CheckFailedError';
}

/** Playwright's steps and attachments, as a check sees them. */
export function checkContext(testInfo: TestInfo): CheckContext {
  return {
    step: (title, body) => test.step(title, body),
    attach: (name, content) => testInfo.attach(name, content),
  };
}

/** Where a check ran and what it checks: the part of its attachment known before measuring. */
export function checkIdentity(
  device: Pick<DeviceSession, 'deviceType' | 'board' | 'target' | 'runner' | 'emulated'>,
  model: { name: string; variant: string },
  check: { kind: string; scenario: string },
): Omit<CheckAttachment, 'verdict'> {
  return {
    model: model.name,
    variant: model.variant,
    device: device.deviceType,
    board: device.board,
    target: device.target,
    runner: device.runner,
    check: check.kind,
    scenario: check.scenario,
    emulated: device.emulated,
    parameters: {},
  };
}

/**
 * Runs one check and tells hil's reporter what it found, through a JSON attachment. A verdict
 * outside its limit throws CheckFailedError (`failed`); a skipped or invalid one skips the test;
 * anything else that throws is infrastructure (`broken`), recorded with its error code.
 */
export async function runAndReportCheck(
  testInfo: TestInfo,
  identity: Omit<CheckAttachment, 'verdict'>,
  run: () => Promise<CheckOutcome>,
): Promise<void> {
  const attach = async (info: CheckAttachment) =>
    testInfo.attach(CHECK_ATTACHMENT, { body: JSON.stringify(info), contentType: 'application/json' });
  let outcome: CheckOutcome;
  try {
    outcome = await run();
  } catch (error) {
    await attach({ ...identity, verdict: null, errorCode: isHilError(error) ? error.code : 'HIL_UNEXPECTED' });
    throw isHilError(error) ? new Error(describeError(error)) : error;
  }
  await attach({ ...identity, verdict: outcome.verdict, parameters: outcome.parameters, description: outcome.description });
  if (outcome.verdict.status === 'skipped' || outcome.verdict.status === 'invalid') test.skip(true, outcome.verdict.message);
  if (outcome.verdict.status === 'failed') throw new CheckFailedError(outcome.verdict.message);
}
