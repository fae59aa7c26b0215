import { readFileSync } from 'node:fs';
import type { TestResult as PwTestResult, TestStep } from '@playwright/test/reporter';
import { AllureResultsWriter, type AllureAttachment, type AllureStep } from '../report/allure/results-writer.js';
import { CHECK_ATTACHMENT, type CheckAttachment } from '../results/check-attachment.js';
import type { CheckRecord } from '../results/check-record.js';

/**
 * Hands each finished check to hil's Allure writer, with Playwright's steps and attachments in
 * the writer's shape. The tree groups by device type, board, model; history follows model, check,
 * device type and target, not the board (see report/allure/check-description.ts).
 */
export class AllureCheckWriter {
  readonly #writer: AllureResultsWriter;

  constructor(resultsDir: string) {
    this.#writer = new AllureResultsWriter(resultsDir);
  }

  write(record: CheckRecord, info: CheckAttachment | undefined, result: PwTestResult): void {
    const start = result.startTime.getTime();
    this.#writer.writeCheck({
      identity: {
        device: record.device,
        board: record.board,
        target: record.target,
        model: record.model,
        variant: record.variant,
        check: record.check,
        runner: info?.runner,
        hilSuite: record.suite,
        scenario: info?.scenario,
        emulated: record.emulated,
        required: record.required,
      },
      status: record.status,
      verdict: record.verdict,
      ...(info?.parameters ? { parameters: info.parameters } : {}),
      ...(info?.description ? { description: info.description } : {}),
      start,
      stop: start + result.duration,
      ...(record.status === 'broken' ? { error: { message: record.error ?? 'broken', ...(result.errors[0]?.stack ? { trace: stripAnsi(result.errors[0].stack) } : {}) } } : {}),
      steps: result.steps.filter((s) => s.category === 'test.step').map(stepOf),
      attachments: result.attachments.filter((a) => a.name !== CHECK_ATTACHMENT).flatMap(attachmentOf),
    });
  }
}

function stepOf(step: TestStep): AllureStep {
  const start = step.startTime.getTime();
  return {
    name: step.title,
    status: step.error ? 'broken' : 'passed',
    start,
    stop: start + step.duration,
    ...(step.error?.message ? { message: stripAnsi(step.error.message) } : {}),
    steps: step.steps.filter((s) => s.category === 'test.step').map(stepOf),
  };
}

function attachmentOf(a: PwTestResult['attachments'][number]): AllureAttachment[] {
  const content = a.body ?? (a.path ? readFileSync(a.path) : undefined);
  return content ? [{ name: a.name, contentType: a.contentType || 'text/plain', content }] : [];
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
