import type { ModelMeasurement } from '../results/check-result.js';
import type { RunResult } from './run-command.js';

/**
 * The one JSON document `hil run --json` prints: per model and board the headline figures
 * (`map` is AP@[.5:.95], `map50` AP@.5, latency in ms, `fps`, power `meanW` where measured,
 * null where not) and each verdict, plus every check record.
 */
export function runResultJson(result: RunResult): Record<string, unknown> {
  const byModel = new Map<string, ModelMeasurement>();
  // Keyed by target too: one board measures a model on its CPU (agent) and its GPU (trtexec).
  for (const m of result.measurements) byModel.set(`${m.device}|${m.board}|${m.target}|${m.model}`, m);
  const keys = new Set([...byModel.keys(), ...result.checks.map((c) => `${c.device}|${c.board}|${c.target}|${c.model}`)]);
  const models = [...keys].sort().map((key) => {
    const [device, board, target, model] = key.split('|') as [string, string, string, string];
    const m = byModel.get(key);
    const latency = m?.latency;
    return {
      model,
      variant: m?.variant ?? result.checks.find((c) => c.model === model)?.variant ?? 'unknown',
      device,
      board,
      target,
      runner: m?.runner ?? null,
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
      provenance: m?.provenance ?? null,
      verdicts: result.checks
        .filter((c) => c.device === device && c.board === board && c.target === target && c.model === model)
        .map((c) => ({ check: c.check, status: c.status, value: c.verdict?.value ?? null, unit: c.verdict?.unit ?? null, limit: c.verdict?.limit ?? null, message: c.verdict?.message ?? c.error ?? '' })),
    };
  });
  const count = (status: string) => result.checks.filter((c) => c.status === status).length;
  return {
    runId: result.runId,
    suite: result.suite,
    devices: result.devices,
    exitCode: result.exitCode,
    summary: { passed: count('passed'), failed: count('failed'), broken: count('broken'), skipped: count('skipped'), invalid: count('invalid') },
    models,
    checks: result.checks,
    reports: { runDir: result.runDir, allureResults: 'reports/allure-results', junit: 'reports/junit.xml' },
  };
}
