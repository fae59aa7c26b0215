import { figuresOf } from '../report/figures.js';
import { comparisonRows } from '../report/comparisons.js';
import type { ModelMeasurement } from '../results/check-result.js';
import { decisionLine } from '../report/decision-line.js';
import type { RunResult } from './run-command.js';
import { splitPrecision } from '../results/precision.js';

/**
 * The one JSON document `hil run --json` prints: `planned`, `decided` and the counts per status;
 * per model, project and board the headline figures (`map` is AP@[.5:.95], `map50` AP@.5,
 * latency in ms, `fps`, power `meanW` where measured, null where not, with `powerNote` saying
 * why), whether they come from an emulated board (`emulated`), each verdict, and the figures no
 * check holds to a limit; plus every check record and the run's problems.
 */
export function runResultJson(result: RunResult): Record<string, unknown> {
  const figures = figuresOf(result.checks, result.measurements);
  const groups = new Map<string, { project: string; model: string }>();
  for (const c of result.checks) groups.set(`${c.project}\u0000${c.model}`, { project: c.project, model: c.model });
  const models = [...groups.values()].map(({ project, model }) => {
    const checks = result.checks.filter((c) => c.project === project && c.model === model);
    const first = checks[0]!;
    const m: ModelMeasurement | undefined = result.measurements.find((x) => x.model === model && x.target === first.target && checks.some((c) => c.board === x.board));
    const latency = m?.latency;
    const { model: baseModel, precision } = splitPrecision(model);
    return {
      model,
      // A precision row (`vgg@int8`): its model and precision; null precision = the model as its file is.
      baseModel,
      precision: precision ?? null,
      variant: m?.variant ?? first.variant,
      project,
      device: m?.device ?? first.device,
      board: m?.board ?? first.board,
      target: m?.target ?? first.target,
      runner: m?.runner ?? null,
      emulated: m?.emulated ?? checks.some((c) => c.emulated),
      map: m?.accuracy?.map ?? null,
      map50: m?.accuracy?.map50 ?? null,
      map75: m?.accuracy?.map75 ?? null,
      cocoStats: m?.accuracy?.stats ?? null,
      latency: latency
        ? { n: latency.n, minMs: latency.minMs, medianMs: latency.medianMs, meanMs: latency.meanMs, p90Ms: latency.p90Ms, p99Ms: latency.p99Ms, maxMs: latency.maxMs, medianCi95Ms: latency.medianCi95Ms }
        : null,
      fps: latency?.fps ?? null,
      throughput: m?.throughput ?? null,
      stream: m?.stream ?? null,
      power: m?.power ? { source: m.power.source, meanW: m.power.meanW, maxW: m.power.maxW, energyPerInferenceMj: m.power.energyPerInferenceMj } : null,
      meanW: m?.power?.meanW ?? null,
      powerNote: m?.power ? null : (m?.powerNote ?? null),
      validity: m?.validity ?? null,
      provenance: m?.provenance ?? null,
      verdicts: checks.map((c) => ({
        check: c.check,
        status: c.status,
        required: c.required,
        value: c.verdict?.value ?? null,
        unit: c.verdict?.unit ?? null,
        limit: c.verdict?.limit ?? null,
        message: c.status === 'broken' ? (c.error ?? c.verdict?.message ?? '') : (c.verdict?.message ?? c.error ?? ''),
      })),
      figures: figures.filter((f) => f.project === project && f.model === model).map(({ name, value, unit, note }) => ({ name, value, unit, note })),
    };
  });
  const count = (status: string) => result.checks.filter((c) => c.status === status).length;
  const summary = { passed: count('passed'), failed: count('failed'), broken: count('broken'), skipped: count('skipped'), invalid: count('invalid') };
  return {
    runId: result.runId,
    suite: result.suite,
    devices: result.devices,
    exitCode: result.exitCode,
    planned: result.planned,
    decided: result.decided,
    decision: decisionLine({ planned: result.planned, decided: result.decided, counts: summary, problems: result.problems }),
    summary,
    problems: result.problems,
    emulated: result.checks.some((c) => c.emulated),
    ...(result.compare
      ? {
          compare: {
            ref: result.compare.ref,
            commit: result.compare.commit,
            models: result.compare.models.map(({ old: _old, ...m }) => ({ ...m, results: comparisonRows(result.measurements).filter((r) => r.model === m.name).map((r) => ({ where: r.where, ...r.record })) })),
          },
        }
      : {}),
    models,
    checks: result.checks,
    leases: result.leases,
    reports: { runDir: result.runDir, allureResults: 'reports/allure-results', junit: 'reports/junit.xml' },
  };
}
