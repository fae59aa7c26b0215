/**
 * Verdicts: measured values against budgets (per device type) and tolerances (per model).
 * A rule that is not set gives no verdict. A value that was not measured (null) gives a `skipped`
 * verdict saying "not measured": passing or failing a budget on a made-up figure would be a lie.
 * Pure.
 *
 * Units: mAP as pycocotools reports it (0..1), `map` AP@[.5:.95] and `map50` AP@.5; mAP drops in
 * percentage points ((baseline − candidate) × 100) of the AP they name; FPS; p99 in ms; power in W
 * of the named rail. Values within 1e-9 of a limit count as at
 * the limit, so float noise such as (0.30 − 0.29) × 100 = 1.0000000000000009 cannot fail a "≤ 1".
 */
import { ConfigError } from '../errors.js';
import type { ModelMeasurement, Verdict } from '../results/check-result.js';
import { compareLatency, type LatencyCompareOptions } from './latency-compare.js';

/** Limits for a device type (`devices/<type>.yaml`). */
export interface Budget {
  fpsMin?: number;
  p99MaxMs?: number;
  powerMaxW?: number;
  throughputFpsMin?: number;
}

/** Limits for a model. */
export interface Tolerance {
  /** AP@[.5:.95] ≥ value (0..1). */
  mapMin?: number;
  /** AP@.5 ≥ value (0..1). */
  map50Min?: number;
  /** Drop in AP@[.5:.95] vs the baseline model ≤ value, in percentage points. */
  mapDropMaxPoints?: number;
  /** Drop in AP@.5 vs the baseline model ≤ value, in percentage points. */
  map50DropMaxPoints?: number;
  /** At a reduced precision, AP@.5 ÷ the same model's FP32 AP@.5 ≥ value. */
  map50MinRatioVsFp32?: number;
  /** Statistical latency comparison with the stored baseline samples; false turns it off. */
  latencyRegression?: LatencyCompareOptions | false;
}

export interface VerdictRules extends Budget, Tolerance {
  /** Where the budget came from, for reports: `devices/jetson2.yaml`. @default 'budget' */
  budgetSource?: string;
  /** Where the tolerance came from. @default 'tolerance' */
  toleranceSource?: string;
}

export interface VerdictMeasurements {
  map: number | null;
  map50: number | null;
  fps: number | null;
  p99Ms: number | null;
  /** Mean power and the rail it was read on; null when not measured. */
  power: { meanW: number; source: string } | null;
  /** The baseline model's AP@[.5:.95] and AP@.5, for the drop rules. */
  baselineMap?: { value: number | null; source: string };
  baselineMap50?: { value: number | null; source: string };
  /** The same model's FP32 AP@.5 on the same target, for the reduced-precision rule. */
  fp32Map50?: { value: number | null; source: string };
  /** Batched images per second. */
  throughputFps?: number | null;
  latencySamplesMs?: readonly number[] | null;
  /** Stored baseline samples (all its runs pooled) and, when it holds several runs, each run's median. */
  baselineLatency?: { samplesMs: readonly number[] | null; source: string; runMediansMs?: readonly number[]; runStarts?: readonly number[] };
}

const EPS = 1e-9;
const NOT_MEASURED = 'not measured';

const fmt = (x: number): string => String(Number(x.toFixed(4)));

function checkRule(name: string, value: number | undefined, source: string): void {
  if (value !== undefined && !Number.isFinite(value)) {
    throw new ConfigError('HIL_RULE_INVALID', `${source}: ${name}: expected a finite number, received ${String(value)}`, {
      where: source,
    });
  }
}

function threshold(
  check: string, label: string, value: number | null, unit: string,
  op: '>=' | '<=', limit: number, source: string, detail = '',
): Verdict {
  const base = { check, value, unit, limit: { op, value: limit, source } };
  if (value === null || !Number.isFinite(value)) return { ...base, value: null, status: 'skipped', message: NOT_MEASURED };
  const ok = op === '>=' ? value >= limit - EPS : value <= limit + EPS;
  const shownOp = ok ? op : op === '>=' ? '<' : '>';
  const u = unit ? ` ${unit}` : '';
  return {
    ...base,
    status: ok ? 'passed' : 'failed',
    message: `${label} ${fmt(value)}${u}${detail} ${shownOp} ${fmt(limit)}${u} (${source})`,
  };
}

export function decideVerdicts(m: VerdictMeasurements, rules: VerdictRules): Verdict[] {
  const budget = rules.budgetSource ?? 'budget';
  const tolerance = rules.toleranceSource ?? 'tolerance';
  for (const key of ['fpsMin', 'p99MaxMs', 'powerMaxW', 'throughputFpsMin'] as const) checkRule(key, rules[key], budget);
  for (const key of ['mapMin', 'map50Min', 'mapDropMaxPoints', 'map50DropMaxPoints', 'map50MinRatioVsFp32'] as const) checkRule(key, rules[key], tolerance);

  const out: Verdict[] = [];
  if (rules.mapMin !== undefined) out.push(threshold('map', 'mAP@[.5:.95]', m.map, 'AP@[.5:.95]', '>=', rules.mapMin, tolerance));
  if (rules.map50Min !== undefined) out.push(threshold('map50', 'mAP@.5', m.map50, 'AP@.5', '>=', rules.map50Min, tolerance));
  if (rules.mapDropMaxPoints !== undefined) out.push(mapDropVerdict('map-drop', 'mAP@[.5:.95]', m.map, m.baselineMap, rules.mapDropMaxPoints, tolerance));
  if (rules.map50DropMaxPoints !== undefined) out.push(mapDropVerdict('map50-drop', 'mAP@.5', m.map50, m.baselineMap50, rules.map50DropMaxPoints, tolerance));
  if (rules.map50MinRatioVsFp32 !== undefined) out.push(ratioVsFp32Verdict(m.map50, m.fp32Map50, rules.map50MinRatioVsFp32, tolerance));
  if (rules.fpsMin !== undefined) out.push(threshold('fps', 'FPS', m.fps, 'FPS', '>=', rules.fpsMin, budget));
  if (rules.p99MaxMs !== undefined) out.push(threshold('p99', 'p99', m.p99Ms, 'ms', '<=', rules.p99MaxMs, budget));
  if (rules.powerMaxW !== undefined) {
    const detail = m.power ? ` (${m.power.source})` : '';
    out.push(threshold('power', 'mean power', m.power?.meanW ?? null, 'W', '<=', rules.powerMaxW, budget, detail));
  }
  if (rules.throughputFpsMin !== undefined) out.push(threshold('throughput', 'batched throughput', m.throughputFps ?? null, 'FPS', '>=', rules.throughputFpsMin, budget));
  if (rules.latencyRegression !== false && m.baselineLatency !== undefined) {
    out.push(latencyVerdict(m, rules.latencyRegression ?? {}, tolerance));
  }
  return out;
}

function ratioVsFp32Verdict(candidate: number | null, fp32: { value: number | null; source: string } | undefined, minRatio: number, source: string): Verdict {
  const baseline = { ...(fp32 ?? { value: null, source: 'no FP32 measurement' }), unit: 'AP@.5' };
  const common = { check: 'map50-vs-fp32', unit: '× FP32', limit: { op: '>=' as const, value: minRatio, source }, baseline };
  if (candidate === null) return { ...common, value: null, status: 'skipped', message: NOT_MEASURED };
  if (baseline.value === null || baseline.value <= 0) return { ...common, value: null, status: 'skipped', message: `${NOT_MEASURED}: no FP32 mAP@.5 to compare with (${baseline.source})` };
  const v = threshold('map50-vs-fp32', 'mAP@.5', candidate / baseline.value, '× FP32', '>=', minRatio, source, ` (${fmt(candidate)} vs ${fmt(baseline.value)} at FP32, ${baseline.source})`);
  return { ...v, baseline };
}

function mapDropVerdict(
  check: 'map-drop' | 'map50-drop',
  which: string,
  candidate: number | null,
  base: { value: number | null; source: string } | undefined,
  maxPoints: number,
  source: string,
): Verdict {
  const baseline = { ...(base ?? { value: null, source: 'no baseline model' }), unit: which };
  const limit = { op: '<=' as const, value: maxPoints, source };
  const common = { check, unit: 'points', limit, baseline };
  if (candidate === null) return { ...common, value: null, status: 'skipped', message: NOT_MEASURED };
  if (baseline.value === null) {
    return { ...common, value: null, status: 'skipped', message: `${NOT_MEASURED}: no ${which} for the baseline (${baseline.source})` };
  }
  const drop = (baseline.value - candidate) * 100;
  const v = threshold(check, `${which} drop`, drop, 'points', '<=', maxPoints, source, ` vs ${baseline.source}`);
  return { ...v, baseline };
}

function latencyVerdict(m: VerdictMeasurements, options: LatencyCompareOptions, source: string): Verdict {
  const baseline = m.baselineLatency!;
  const minShiftPct = options.minShiftPct ?? 5;
  const common = { check: 'latency-regression', unit: '%', limit: { op: '<=' as const, value: minShiftPct, source } };
  if (!m.latencySamplesMs || m.latencySamplesMs.length === 0) {
    return { ...common, value: null, status: 'skipped', message: NOT_MEASURED, baseline: { value: null, source: baseline.source } };
  }
  if (!baseline.samplesMs || baseline.samplesMs.length === 0) {
    return {
      ...common, value: null, status: 'skipped', baseline: { value: null, source: baseline.source },
      message: `${NOT_MEASURED}: no baseline latency samples (${baseline.source})`,
    };
  }
  const c = compareLatency(baseline.samplesMs, m.latencySamplesMs, {
    ...options,
    ...(baseline.runMediansMs ? { baselineRunMediansMs: baseline.runMediansMs } : {}),
    ...(baseline.runStarts ? { baselineRunStarts: baseline.runStarts } : {}),
  });
  const status = c.decision === 'regression' ? 'failed' : c.decision === 'no-regression' ? 'passed' : 'skipped';
  return {
    ...common, value: c.shiftPct, status, baseline: { value: c.baselineMedianMs, source: baseline.source, unit: 'ms (median)' },
    message: `${c.reason} (vs ${baseline.source})`,
  };
}

/** The verdict inputs of one measurement; `baseline` is the baseline model's measurement, if any. */
export function verdictMeasurementsOf(
  measurement: ModelMeasurement,
  baseline?: { measurement: ModelMeasurement | null; source: string },
  storedLatency?: { samplesMs: readonly number[] | null; source: string },
): VerdictMeasurements {
  const out: VerdictMeasurements = {
    map: measurement.accuracy?.map ?? null,
    map50: measurement.accuracy?.map50 ?? null,
    fps: measurement.latency?.fps ?? null,
    throughputFps: measurement.throughput?.fps ?? null,
    p99Ms: measurement.latency?.p99Ms ?? null,
    power: measurement.power ? { meanW: measurement.power.meanW, source: measurement.power.source } : null,
    latencySamplesMs: measurement.latency?.samplesMs ?? null,
  };
  if (baseline) {
    out.baselineMap = { value: baseline.measurement?.accuracy?.map ?? null, source: baseline.source };
    out.baselineMap50 = { value: baseline.measurement?.accuracy?.map50 ?? null, source: baseline.source };
  }
  if (storedLatency) out.baselineLatency = storedLatency;
  return out;
}
