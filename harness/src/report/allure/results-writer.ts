/**
 * hil's one Allure writer (allure-js-commons' ReporterRuntime and FileSystemWriter, no test
 * framework): one test per model × device × check with hil's own status, so verdicts are `failed`
 * and infrastructure problems `broken` by construction. hil's Playwright reporter hands it each
 * finished check (its steps and attachments included); `hil run` hands it the planned checks that
 * left no result.
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
  steps?: AllureStep[];
}

export interface AllureCheckRecord {
  identity: CheckIdentity;
  /** hil's status of the check (a broken check may have no verdict). Default: the verdict's. */
  status?: CheckStatus;
  verdict: Verdict | null;
  /** More parameters the check reported (shown, excluded from history). */
  parameters?: Record<string, string>;
  /** Markdown; default: built from the verdict. */
  description?: string;
  /** Epoch ms. */
  start: number;
  stop: number;
  /** For broken checks: the error text (e.g. `describeError(error)`) and stack. */
  error?: { message: string; trace?: string };
  steps?: AllureStep[];
  attachments?: AllureAttachment[];
}

/**
 * `invalid` (a measurement that cannot support a verdict: the host was busy, the board throttled)
 * says nothing about the model and decided nothing: it is shown as skipped, with its reason. A
 * required check that stayed invalid is already `broken` (the gate says so).
 */
export function allureStatusOf(status: CheckStatus): Status {
  const map: Record<CheckStatus, string> = { passed: 'passed', failed: 'failed', broken: 'broken', skipped: 'skipped', invalid: 'skipped' };
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
    const d = describeCheckForAllure(record.identity, record.verdict ?? undefined);
    const status = record.status ?? record.verdict?.status ?? 'broken';
    const rt = this.#runtime;
    const uuid = rt.startTest({
      name: d.name,
      fullName: d.fullName,
      testCaseId: d.testCaseId,
      labels: d.labels,
      parameters: [...d.parameters, ...Object.entries(record.parameters ?? {}).filter(([n]) => !d.parameters.some((p) => p.name === n)).map(([name, value]) => ({ name, value, excluded: true }))],
      description: record.description ?? d.description,
      start: record.start,
    });
    const writeSteps = (steps: readonly AllureStep[], parent: string | undefined): void => {
      for (const step of steps) {
        const stepUuid = rt.startStep(uuid, parent, { name: step.name, start: step.start });
        if (!stepUuid) continue;
        writeSteps(step.steps ?? [], stepUuid);
        for (const a of step.attachments ?? []) rt.writeAttachment(uuid, stepUuid, a.name, toBuffer(a.content), { contentType: a.contentType });
        rt.updateStep(stepUuid, (s) => {
          s.status = allureStatusOf(step.status);
          if (step.message) s.statusDetails = { message: step.message };
        });
        rt.stopStep(stepUuid, { stop: step.stop });
      }
    };
    writeSteps(record.steps ?? [], undefined);
    for (const a of record.attachments ?? []) rt.writeAttachment(uuid, undefined, a.name, toBuffer(a.content), { contentType: a.contentType });
    rt.updateTest(uuid, (t) => {
      t.status = allureStatusOf(status);
      const message = record.error?.message ?? (status === 'passed' ? undefined : record.verdict?.message);
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
