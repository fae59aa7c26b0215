/**
 * Writes Allure results for checks without a test framework (allure-js-commons' ReporterRuntime
 * and FileSystemWriter): one test per model × device × check, its status taken from the verdict,
 * so verdicts are `failed` and infrastructure problems `broken` by construction.
 */
import { FileSystemWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import type { Status } from 'allure-js-commons';
import type { CheckStatus, Verdict } from '../../results/check-result.js';
import { describeCheckForAllure, type CheckIdentity } from './check-description.js';

export interface AllureAttachment {
  name: string;
  /** e.g. image/png, application/json, text/plain */
  contentType: string;
  content: Buffer | string;
}

export interface AllureStep {
  name: string;
  status: CheckStatus;
  start: number;
  stop: number;
  message?: string;
  attachments?: AllureAttachment[];
}

export interface AllureCheckRecord {
  identity: CheckIdentity;
  verdict: Verdict;
  /** Epoch ms. */
  start: number;
  stop: number;
  /** For broken checks: the error text (e.g. `describeError(error)`) and stack. */
  error?: { message: string; trace?: string };
  steps?: AllureStep[];
  attachments?: AllureAttachment[];
}

/**
 * `invalid` (a measurement that cannot support a verdict, e.g. too few samples) says nothing
 * about the model, so it is reported with the infrastructure problems.
 */
export function allureStatusOf(status: CheckStatus): Status {
  const map: Record<CheckStatus, string> = { passed: 'passed', failed: 'failed', broken: 'broken', skipped: 'skipped', invalid: 'broken' };
  return map[status] as Status;
}

export class AllureResultsWriter {
  readonly #runtime: ReporterRuntime;

  constructor(resultsDir: string, environment?: Record<string, string>) {
    this.#runtime = new ReporterRuntime({
      writer: new FileSystemWriter({ resultsDir }),
      ...(environment ? { environmentInfo: environment } : {}),
    });
  }

  /** Writes one check as one Allure test result (plus its attachment files); returns its uuid. */
  writeCheck(record: AllureCheckRecord): string {
    const d = describeCheckForAllure(record.identity, record.verdict);
    const rt = this.#runtime;
    const uuid = rt.startTest({
      name: d.name,
      fullName: d.fullName,
      testCaseId: d.testCaseId,
      labels: d.labels,
      parameters: d.parameters,
      description: d.description,
      start: record.start,
    });
    for (const step of record.steps ?? []) {
      const stepUuid = rt.startStep(uuid, undefined, { name: step.name, start: step.start });
      if (!stepUuid) continue;
      for (const a of step.attachments ?? []) rt.writeAttachment(uuid, stepUuid, a.name, toBuffer(a.content), { contentType: a.contentType });
      rt.updateStep(stepUuid, (s) => {
        s.status = allureStatusOf(step.status);
        if (step.message) s.statusDetails = { message: step.message };
      });
      rt.stopStep(stepUuid, { stop: step.stop });
    }
    for (const a of record.attachments ?? []) rt.writeAttachment(uuid, undefined, a.name, toBuffer(a.content), { contentType: a.contentType });
    rt.updateTest(uuid, (t) => {
      t.status = allureStatusOf(record.verdict.status);
      const message = record.error?.message ?? (record.verdict.status === 'passed' ? undefined : record.verdict.message);
      t.statusDetails = { ...(message ? { message } : {}), ...(record.error?.trace ? { trace: record.error.trace } : {}) };
    });
    rt.stopTest(uuid, { stop: record.stop });
    rt.writeTest(uuid);
    return uuid;
  }

  /** The environment widget (host, versions); call once per run. */
  writeEnvironment(): void {
    this.#runtime.writeEnvironmentInfo();
  }
}

function toBuffer(content: Buffer | string): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}
