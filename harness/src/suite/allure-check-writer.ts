import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TestResult as PwTestResult, TestStep } from '@playwright/test/reporter';
import { ContentType, Stage, Status, type Label, type Parameter } from 'allure-js-commons';
import { FileSystemWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import type { CheckRecord } from '../results/check-record.js';
import { CHECK_ATTACHMENT, type CheckAttachment } from '../results/check-attachment.js';

const STATUS: Record<CheckRecord['status'], Status> = {
  passed: Status.PASSED,
  failed: Status.FAILED,
  broken: Status.BROKEN,
  skipped: Status.SKIPPED,
  // A throttled or otherwise invalid measurement says nothing about the model.
  invalid: Status.SKIPPED,
};

/**
 * Writes one Allure result per hil check with allure-js-commons. The tree groups by device type,
 * board, model; the test is the check. History follows model + check + device type, not the
 * board (the board is an excluded parameter), so trends survive a change of board in the farm.
 */
export class AllureCheckWriter {
  readonly #runtime: ReporterRuntime;

  constructor(resultsDir: string) {
    this.#runtime = new ReporterRuntime({ writer: new FileSystemWriter({ resultsDir }) });
  }

  write(record: CheckRecord, info: CheckAttachment | undefined, result: PwTestResult): void {
    const fullName = `${record.suite}:${record.model}:${record.check}`;
    const labels: Label[] = [
      { name: 'parentSuite', value: record.device },
      { name: 'suite', value: record.board },
      { name: 'subSuite', value: record.model },
      { name: 'device', value: record.device },
      { name: 'board', value: record.board },
      { name: 'target', value: record.target },
      { name: 'model', value: record.model },
      { name: 'variant', value: record.variant },
      { name: 'check', value: record.check },
      { name: 'framework', value: 'hil' },
      { name: 'host', value: record.board },
      { name: 'tag', value: info?.scenario ?? 'unknown' },
    ];
    const parameters: Parameter[] = [
      { name: 'device', value: record.device },
      { name: 'board', value: record.board, excluded: true },
      { name: 'target', value: record.target },
      ...Object.entries(info?.parameters ?? {}).map(([name, value]) => ({ name, value, excluded: true })),
    ];
    const start = result.startTime.getTime();
    const uuid = this.#runtime.startTest({
      name: record.check,
      fullName,
      historyId: md5(`${fullName}:${record.device}`),
      testCaseId: md5(fullName),
      labels,
      parameters,
      start,
      description: info?.description ?? record.verdict?.message ?? '',
    });
    for (const step of result.steps.filter((s) => s.category === 'test.step')) this.#writeStep(uuid, null, step);
    for (const attachment of result.attachments) {
      if (attachment.name === CHECK_ATTACHMENT) continue;
      const content = attachment.body ?? (attachment.path ? readFileSync(attachment.path) : undefined);
      if (!content) continue;
      this.#runtime.writeAttachment(uuid, null, attachment.name, content, { contentType: attachment.contentType || ContentType.TEXT });
    }
    this.#runtime.updateTest(uuid, (test) => {
      test.status = STATUS[record.status];
      test.stage = Stage.FINISHED;
      const message = record.status === 'broken' ? record.error : record.verdict?.message;
      if (message) test.statusDetails = { message };
    });
    this.#runtime.stopTest(uuid, { stop: start + result.duration });
    this.#runtime.writeTest(uuid);
  }

  #writeStep(rootUuid: string, parent: string | null, step: TestStep): void {
    const stepUuid = this.#runtime.startStep(rootUuid, parent, { name: step.title, start: step.startTime.getTime() });
    if (!stepUuid) return;
    for (const child of step.steps.filter((s) => s.category === 'test.step')) this.#writeStep(rootUuid, stepUuid, child);
    this.#runtime.updateStep(stepUuid, (s) => {
      s.status = step.error ? Status.BROKEN : Status.PASSED;
      s.stage = Stage.FINISHED;
    });
    this.#runtime.stopStep(stepUuid, { stop: step.startTime.getTime() + step.duration });
  }
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}
