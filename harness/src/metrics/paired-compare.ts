/**
 * The latency verdict of `hil run --compare-to`: old and new version timed interleaved in blocks
 * on one board. The unit of comparison is a block pair (queries inside one run are not
 * independent, so thousands of per-query samples would make any 0.4% shift "significant"): the
 * ratio new ÷ old of each pair's block medians. Their geometric mean estimates the slowdown; a
 * seeded percentile bootstrap over the pairs gives its confidence interval. A regression needs
 * both: significant (the interval's lower end above 1 at level alpha, one-sided) and larger than
 * the suite's minimum shift. Pure and deterministic (fixed seed).
 */
import { createRng } from '../golden/prng.js';

export interface PairedCompareOptions {
  /** One-sided significance level. @default 0.01 */
  alpha?: number;
  /** A slowdown below this (%) is never called a regression. @default 5 */
  minShiftPct?: number;
  /** Bootstrap resamples. @default 4000 */
  resamples?: number;
  /** @default 1 */
  seed?: number;
}

export interface PairedCompare {
  /** Block pairs compared. */
  n: number;
  /** new ÷ old: the geometric mean of the pairs' ratios. */
  ratio: number;
  /** (ratio − 1) × 100. */
  shiftPct: number;
  /** Two-sided (1 − 2·alpha) bootstrap interval of the ratio. */
  ci: [number, number];
  alpha: number;
  minShiftPct: number;
  decision: 'regression' | 'no-regression' | 'insufficient';
  reason: string;
}

const MIN_PAIRS = 6;

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function comparePaired(blocks: ReadonlyArray<{ aMedianMs: number; bMedianMs: number }>, options: PairedCompareOptions = {}): PairedCompare {
  const alpha = options.alpha ?? 0.01;
  const minShiftPct = options.minShiftPct ?? 5;
  const logs = blocks.filter((b) => b.aMedianMs > 0 && b.bMedianMs > 0).map((b) => Math.log(b.bMedianMs / b.aMedianMs));
  const n = logs.length;
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  if (n < MIN_PAIRS) {
    const ratio = n > 0 ? Math.exp(mean(logs)) : NaN;
    return { n, ratio, shiftPct: (ratio - 1) * 100, ci: [NaN, NaN], alpha, minShiftPct, decision: 'insufficient', reason: `only ${n} block pairs (at least ${MIN_PAIRS} needed)` };
  }
  const rng = createRng(options.seed ?? 1);
  const resamples = options.resamples ?? 4000;
  const means: number[] = [];
  for (let r = 0; r < resamples; r += 1) {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += logs[Math.floor(rng.next() * n)]!;
    means.push(sum / n);
  }
  means.sort((x, y) => x - y);
  const ratio = Math.exp(mean(logs));
  const ci: [number, number] = [Math.exp(quantile(means, alpha)), Math.exp(quantile(means, 1 - alpha))];
  const shiftPct = (ratio - 1) * 100;
  const significant = ci[0] > 1;
  const regression = significant && shiftPct > minShiftPct;
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}%`;
  const interval = `${(1 - 2 * alpha) * 100}% CI ${pct((ci[0] - 1) * 100)} … ${pct((ci[1] - 1) * 100)}`;
  const reason = regression
    ? `new is slower by ${pct(shiftPct)} (${interval}, ${n} block pairs): significant and above the ${minShiftPct}% minimum shift`
    : significant
      ? `new is slower by ${pct(shiftPct)} (${interval}, ${n} block pairs): significant but within the ${minShiftPct}% minimum shift`
      : `new vs old ${pct(shiftPct)} (${interval}, ${n} block pairs): no significant slowdown`;
  return { n, ratio, shiftPct, ci, alpha, minShiftPct, decision: regression ? 'regression' : 'no-regression', reason };
}
