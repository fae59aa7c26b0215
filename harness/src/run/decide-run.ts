/**
 * Green means decided. Given the run's plan, the records its checks left and Playwright's exit
 * code, decides the run: every planned check gets exactly one record (a missing one is broken), a
 * required check that was skipped or stayed invalid is broken, and a Playwright failure that no
 * record explains is broken too. Pure.
 */
import type { CheckRecord } from '../results/check-record.js';
import { exitCodeForChecks } from '../results/check-record.js';
import type { CheckStatus } from '../results/check-result.js';
import type { RunPlan } from '../plan/run-plan.js';
import { applyRequired } from '../plan/required.js';

/** A problem of the run itself, not of one check (it makes the run broken). */
export interface RunProblem {
  code: string;
  message: string;
}

export interface RunDecision {
  /** One record per planned check (synthesised where none was left), then any unplanned ones. */
  records: CheckRecord[];
  planned: number;
  /** Planned checks that ended passed, failed, skipped or invalid (a status the plan allows). */
  decided: number;
  counts: Record<CheckStatus, number>;
  problems: RunProblem[];
  exitCode: 0 | 1 | 2;
}

const key = (project: string, model: string, check: string) => `${project}\u0000${model}\u0000${check}`;

export function decideRun(input: {
  plan: RunPlan;
  records: readonly CheckRecord[];
  playwrightExitCode: number | null;
  /** The end of Playwright's output, quoted when it failed without a record saying why. */
  outputTail?: string;
  runId: string;
}): RunDecision {
  const byKey = new Map<string, CheckRecord>();
  for (const r of input.records) byKey.set(key(r.project, r.model, r.check), r);
  const testById = new Map(input.plan.tests.map((t) => [t.id, t]));
  const out: CheckRecord[] = [];
  const used = new Set<string>();
  for (const project of input.plan.projects) {
    for (const planned of project.tests) {
      const test = testById.get(planned.id)!;
      const k = key(project.name, test.model, test.kind);
      used.add(k);
      const record = byKey.get(k);
      if (!record) {
        out.push({
          runId: input.runId,
          suite: input.plan.suite,
          project: project.name,
          model: test.model,
          variant: test.variant,
          device: project.deviceType,
          board: project.device,
          target: project.target,
          check: test.kind,
          title: test.title,
          status: 'broken',
          required: planned.required,
          ...(planned.requiredBy ? { requiredBy: planned.requiredBy } : {}),
          emulated: false,
          verdict: null,
          error: `planned but no result was recorded: the worker running it ended first (Playwright exited ${input.playwrightExitCode ?? 'by a signal'})`,
          errorCode: 'HIL_CHECK_NOT_RECORDED',
          durationMs: 0,
        });
        continue;
      }
      const requiredBy = record.requiredBy ?? planned.requiredBy;
      out.push(applyRequired({ ...record, required: record.required || planned.required, ...(requiredBy ? { requiredBy } : {}) }));
    }
  }
  // Checks a user added in their own spec files: not planned, still reported and counted.
  for (const r of input.records) if (!used.has(key(r.project, r.model, r.check))) out.push(r);

  const planned = input.plan.projects.reduce((n, p) => n + p.tests.length, 0);
  const plannedRecords = out.slice(0, planned);
  const decided = plannedRecords.filter((r) => r.status !== 'broken').length;
  const counts: Record<CheckStatus, number> = { passed: 0, failed: 0, broken: 0, skipped: 0, invalid: 0 };
  for (const r of out) counts[r.status] += 1;

  const problems: RunProblem[] = [];
  if (input.playwrightExitCode !== 0 && counts.failed === 0 && counts.broken === 0) {
    const tail = (input.outputTail ?? '').trim().split('\n').slice(-5).join(' | ');
    problems.push({
      code: 'HIL_RUNNER_FAILED',
      message: `Playwright exited ${input.playwrightExitCode ?? 'by a signal'} although no check failed or broke${tail ? `: ${tail}` : ''}`,
    });
  }
  const exitCode = problems.length > 0 ? 2 : exitCodeForChecks(out);
  return { records: out, planned, decided, counts, problems, exitCode };
}
