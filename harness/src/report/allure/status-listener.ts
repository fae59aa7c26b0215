/**
 * allure-playwright (3.12) decides a test's status from Playwright's result alone: any thrown
 * error is `failed`, only a test timeout is `broken`; the error's class does not matter. hil needs
 * verdicts `failed` and infrastructure problems `broken`, so this listener, passed in the
 * reporter options (`listeners: [hilStatusListener]`), corrects the status just before each
 * result is written.
 */
import type { LifecycleListener } from 'allure-js-commons/sdk/reporter';

/** The label `labelFailureFamily` sets: verdict | infrastructure | config. */
export const FAMILY_LABEL = 'hilFamily';

export type AllureStatus = 'passed' | 'failed' | 'broken' | 'skipped' | 'unknown';

interface ResultLike {
  status?: AllureStatus | string;
  statusDetails?: { message?: string; trace?: string };
  labels: { name: string; value: string }[];
}

/**
 * The status a failed result should have. Order: the family label when the test set one; else the
 * error's class name as Playwright prints it (`VerdictError: ...`); else a Playwright `expect`
 * failure counts as a verdict; anything else is infrastructure (`broken`).
 */
export function classifyFailedResult(result: ResultLike): 'failed' | 'broken' {
  const family = [...result.labels].reverse().find((l) => l.name === FAMILY_LABEL)?.value;
  if (family) return family === 'verdict' ? 'failed' : 'broken';
  const message = result.statusDetails?.message ?? '';
  const errorName = /^\s*([A-Za-z_$][\w$]*):/.exec(message)?.[1] ?? '';
  if (/VerdictError$/.test(errorName)) return 'failed';
  if (/(Infrastructure|Config)\w*Error$/.test(errorName)) return 'broken';
  if (/\bexpect\(.*\)\.\w+\(/.test(message)) return 'failed';
  return 'broken';
}

export const hilStatusListener: LifecycleListener = {
  beforeTestResultWrite(result) {
    if (result.status === 'failed') result.status = classifyFailedResult(result) as typeof result.status;
  },
};
