/**
 * Power statistics over a measurement window. Pure: timestamped samples in, numbers out.
 *
 * Only samples strictly inside (t0, t1) count: a sample stamped at t0 or t1 may describe the
 * idle board before or after the work (tegrastats prints the state over the interval that just
 * ended), so the edges are left out. With no sample inside, power was not measured: the result is
 * null, never 0 W.
 */
import type { PowerStats } from '../results/check-result.js';

export interface TimedPower {
  /** When the sample was taken, ms on the same clock as the window. */
  tMs: number;
  watts: number;
}

export interface MeasurementWindow {
  startMs: number;
  endMs: number;
}

export interface PowerStatsOptions {
  /** The rail or meter the watts come from: `VDD_IN`, `POM_5V_IN`, `sum`, `rapl:package-0`. */
  source: string;
  /** Inferences completed inside the window; without it energy per inference is null. */
  inferences?: number | null;
}

export interface WattSummary {
  meanW: number;
  maxW: number;
  samples: number;
}

/** Mean and max of a list of watts; null for an empty list. */
export function summarizeWatts(watts: readonly number[]): WattSummary | null {
  if (watts.length === 0) return null;
  let sum = 0;
  let max = -Infinity;
  for (const w of watts) {
    sum += w;
    if (w > max) max = w;
  }
  return { meanW: sum / watts.length, maxW: max, samples: watts.length };
}

/**
 * Mean W over samples strictly inside the window, max W, sample count, and energy per inference
 * in mJ = mean W × window s ÷ inferences × 1000 (the mean power is taken to hold over the whole
 * window). Returns null when no sample falls inside the window.
 */
export function powerStats(
  samples: readonly TimedPower[],
  window: MeasurementWindow,
  options: PowerStatsOptions,
): PowerStats | null {
  const windowMs = window.endMs - window.startMs;
  if (!(windowMs > 0)) return null;
  const inside = samples
    .filter((s) => s.tMs > window.startMs && s.tMs < window.endMs && Number.isFinite(s.watts))
    .map((s) => s.watts);
  const summary = summarizeWatts(inside);
  if (summary === null) return null;
  const n = options.inferences;
  const energyPerInferenceMj =
    n !== undefined && n !== null && n > 0 ? (summary.meanW * (windowMs / 1000) * 1000) / n : null;
  return {
    source: options.source,
    meanW: summary.meanW,
    maxW: summary.maxW,
    samples: summary.samples,
    windowMs,
    energyPerInferenceMj,
  };
}
