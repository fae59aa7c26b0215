import { mkdirSync } from 'node:fs';
import { writeFileAtomicSync } from '../files/atomic-write.js';
import path from 'node:path';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { readRunEnv } from '../results/run-env.js';
import { projectTests, type RunPlan } from '../plan/run-plan.js';
import { readPlanSync } from '../plan/read-plan.js';
import { applyRequired } from '../plan/required.js';
import { safeFileName } from '../files/safe-name.js';
import type { CheckRecord } from '../results/check-record.js';
import { AllureCheckWriter } from './allure-check-writer.js';
import { CHECK_ATTACHMENT, type CheckAttachment } from '../results/check-attachment.js';

/**
 * Turns each finished Playwright test into a hil check record (for the console table, --json and
 * the exit code) and an Allure result. hil decides the status itself: a verdict outside its
 * budget is `failed`, an infrastructure problem or a timeout is `broken` (allure-playwright would
 * call both `failed`).
 */
export default class HilReporter implements Reporter {
  #checksDir = '';
  #allure: AllureCheckWriter | undefined;
  #runId = '';
  #suite = '';
  #plan: RunPlan | undefined;

  onBegin(config: FullConfig, _suite: Suite): void {
    const env = readRunEnv();
    this.#runId = env.runId;
    this.#suite = env.suite;
    this.#plan = readPlanSync(env.planFile);
    this.#checksDir = path.join(env.runDir, 'checks');
    mkdirSync(this.#checksDir, { recursive: true });
    this.#allure = new AllureCheckWriter(path.join(env.rootDir, 'reports', 'allure-results'));
    void config;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const attachment = result.attachments.find((a) => a.name === CHECK_ATTACHMENT && a.body);
    const info: CheckAttachment | undefined = attachment?.body ? (JSON.parse(attachment.body.toString('utf8')) as CheckAttachment) : undefined;
    // ['', project, file, ...describes, title]: a check whose device fixture failed has no
    // attachment, so its model, device and target come from here.
    const [, , , ...titles] = test.titlePath();
    const use = (test.parent.project()?.use ?? {}) as { hilDevice?: string; hilTarget?: string };
    const firstError = result.errors[0];
    let status: CheckRecord['status'];
    if (result.status === 'skipped') status = info?.verdict?.status === 'invalid' ? 'invalid' : 'skipped';
    else if (result.status === 'passed') status = 'passed';
    else if (result.status === 'failed' && info?.verdict?.status === 'failed') status = 'failed';
    else status = 'broken';
    const project = test.parent.project()?.name ?? 'unknown';
    const planned = this.#plan ? projectTests(this.#plan, project).find((t) => `@${t.id}` === test.tags.find((tag) => tag.startsWith('@hil-'))) : undefined;
    // A required check that was skipped or stayed invalid is broken here already, so the record,
    // Allure and the exit code agree.
    const record: CheckRecord = applyRequired({
      runId: this.#runId,
      suite: this.#suite,
      project,
      model: info?.model ?? planned?.model ?? titles[0] ?? 'unknown',
      variant: info?.variant ?? planned?.variant ?? 'unknown',
      device: info?.device ?? use.hilDevice ?? project,
      board: info?.board ?? use.hilDevice ?? project,
      target: info?.target ?? use.hilTarget ?? 'unknown',
      check: info?.check ?? planned?.kind ?? titles.slice(1).join(' › '),
      title: test.title,
      status,
      required: planned?.required ?? false,
      ...(planned?.requiredBy ? { requiredBy: planned.requiredBy } : {}),
      emulated: info?.emulated ?? false,
      verdict: info?.verdict ?? null,
      durationMs: result.duration,
      ...(status === 'broken'
        ? {
            error: result.status === 'timedOut' ? `timed out after ${test.timeout} ms` : stripAnsi(firstError?.message ?? 'unknown error'),
            errorCode: info?.errorCode ?? codeInMessage(firstError?.message) ?? (result.status === 'timedOut' ? 'HIL_TEST_TIMEOUT' : undefined),
          }
        : {}),
    });
    const file = path.join(this.#checksDir, `${safeFileName(`${record.project}--${record.model}--${record.check}`)}.json`);
    writeFileAtomicSync(file, JSON.stringify(record, null, 2));
    this.#allure?.write(record, info, result);
  }

  printsToStdio(): boolean {
    return false;
  }
}

/** `[HIL_CODE] message`: how a failed device fixture (no test to attach to) reports its code. */
function codeInMessage(message: string | undefined): string | undefined {
  return /^(?:Error: )?\[(HIL_[A-Z0-9_]+)\]/.exec(stripAnsi(message ?? ''))?.[1];
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
