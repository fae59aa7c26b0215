/**
 * Is the candidate slower than the baseline? Decided from the two sets of latency samples, not
 * from one number, with two conditions that must both hold:
 * 1. statistical: a one-sided Mann-Whitney U test (candidate stochastically larger) rejects at
 *    `alpha` (default 0.01), on the medians of consecutive blocks of queries (default 32 a block),
 *    not on the queries: queries of one run are not independent (a slow minute slows hundreds of
 *    them), so a test that counted each query would call a 0.4% shift significant at p = 1e-200.
 *    Rank-based, so the long right tail and the odd 10× outlier neither hide nor fake a shift.
 *    Normal approximation with tie correction and a continuity correction.
 *    This compares runs taken at different times (a stored baseline); a model change is gated by
 *    `--compare-to`, which times old and new interleaved (metrics/paired-compare.ts).
 * 2. practical: the median moved up by more than `minShiftPct` (default 5%). With hundreds of
 *    samples the test alone flags shifts of 1%, which a board's run-to-run drift (temperature,
 *    DVFS, background daemons) produces on an unchanged model; such a change is real but not a
 *    regression anyone should act on.
 *    When the baseline holds several runs (sessions), the shift is taken against the slowest of
 *    their medians: the baseline then spans the machine's own run-to-run variation (measured: an
 *    unchanged model's median moved by up to ±15-20% between fresh sessions on a shared 2-core VM,
 *    which no within-run test can tell from a regression).
 * Pure.
 */

export interface LatencyCompareOptions {
  /** One-sided significance level. @default 0.01 */
  alpha?: number;
  /** Smallest median increase, in percent, that counts as a regression. @default 5 */
  minShiftPct?: number;
  /** Fewer blocks on either side than this: no decision. @default 10 */
  minSamples?: number;
  /** Queries per block (the test's unit). @default 32 */
  blockSize?: number;
  /** Where the baseline's runs start in `baselineMs` (so no block straddles two runs). */
  baselineRunStarts?: readonly number[];
  /** Medians of the baseline's separate runs; with two or more, the shift is measured against the slowest. */
  baselineRunMediansMs?: readonly number[];
}

export type LatencyDecision = 'regression' | 'no-regression' | 'insufficient-data';

export interface LatencyComparison {
  decision: LatencyDecision;
  nBaseline: number;
  nCandidate: number;
  baselineMedianMs: number | null;
  candidateMedianMs: number | null;
  /** (candidate median ÷ baseline median − 1) × 100. */
  shiftPct: number | null;
  /** Blocks compared on each side. */
  blocksBaseline: number;
  blocksCandidate: number;
  /** Mann-Whitney U of the candidate's block medians. */
  u: number | null;
  z: number | null;
  /** One-sided p-value of "candidate is slower". */
  pValue: number | null;
  alpha: number;
  minShiftPct: number;
  /** One line saying why, for reports. */
  reason: string;
}

export interface MannWhitneyResult {
  u: number;
  z: number;
  pValue: number;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Complementary error function, Numerical Recipes' Chebyshev fit (|relative error| < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** P(Z > z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * One-sided Mann-Whitney U test of H1 "x tends to be larger than y". Ties get mid-ranks and
 * shrink the variance (tie correction); the continuity correction keeps small samples honest.
 */
export function mannWhitneyGreater(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  const all = [...x.map((v) => ({ v, fromX: true })), ...y.map((v) => ({ v, fromX: false }))].sort((a, b) => a.v - b.v);
  const n = all.length;
  let rankSumX = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j += 1;
    const midRank = (i + j) / 2 + 1;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    for (let k = i; k <= j; k += 1) if (all[k]!.fromX) rankSumX += midRank;
    i = j + 1;
  }
  const u = rankSumX - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u, z: 0, pValue: 1 };
  const z = (u - mean - 0.5) / Math.sqrt(variance);
  return { u, z, pValue: normalUpperTail(z) };
}

/** Medians of consecutive blocks of `size` queries (a last block under half a size is dropped); each run blocked on its own. */
export function blockMedians(samples: readonly number[], size: number, runStarts: readonly number[] = [0]): number[] {
  const starts = [...new Set([0, ...runStarts])].filter((i) => i >= 0 && i < samples.length).sort((a, b) => a - b);
  const out: number[] = [];
  starts.forEach((start, r) => {
    const end = starts[r + 1] ?? samples.length;
    for (let i = start; i < end; i += size) {
      const block = samples.slice(i, Math.min(end, i + size));
      if (block.length >= Math.max(1, size / 2)) out.push(median(block));
    }
  });
  return out;
}

export function compareLatency(
  baselineMs: readonly number[],
  candidateMs: readonly number[],
  options: LatencyCompareOptions = {},
): LatencyComparison {
  const alpha = options.alpha ?? 0.01;
  const minShiftPct = options.minShiftPct ?? 5;
  const minSamples = Math.max(2, options.minSamples ?? 10);
  const blockSize = Math.max(1, Math.round(options.blockSize ?? 32));
  const base = baselineMs.filter(Number.isFinite);
  const cand = candidateMs.filter(Number.isFinite);
  const baseBlocks = blockMedians(base, blockSize, options.baselineRunStarts);
  const candBlocks = blockMedians(cand, blockSize);
  const common = { nBaseline: base.length, nCandidate: cand.length, blocksBaseline: baseBlocks.length, blocksCandidate: candBlocks.length, alpha, minShiftPct };
  if (baseBlocks.length < minSamples || candBlocks.length < minSamples) {
    return {
      ...common, decision: 'insufficient-data', baselineMedianMs: base.length ? median(base) : null,
      candidateMedianMs: cand.length ? median(cand) : null, shiftPct: null, u: null, z: null, pValue: null,
      reason: `need at least ${minSamples} blocks of ${blockSize} queries on each side, have ${baseBlocks.length} baseline and ${candBlocks.length} candidate`,
    };
  }
  const runs = (options.baselineRunMediansMs ?? []).filter((m) => Number.isFinite(m) && m > 0);
  // Against the slowest baseline run when several were stored: its spread is the machine's noise.
  const baselineMedianMs = runs.length >= 2 ? Math.max(...runs) : median(base);
  const candidateMedianMs = median(cand);
  const shiftPct = (candidateMedianMs / baselineMedianMs - 1) * 100;
  const { u, z, pValue } = mannWhitneyGreater(candBlocks, baseBlocks);
  const significant = pValue < alpha;
  const large = shiftPct > minShiftPct;
  const against = runs.length >= 2 ? `slowest of ${runs.length} baseline runs ` : '';
  const shown = `median ${against}${baselineMedianMs.toFixed(3)} -> ${candidateMedianMs.toFixed(3)} ms (${shiftPct >= 0 ? '+' : ''}${shiftPct.toFixed(2)}%), p = ${pValue.toPrecision(3)} over ${baseBlocks.length} vs ${candBlocks.length} blocks of ${blockSize} queries`;
  const reason = significant && large
    ? `slower: ${shown} < ${alpha} and shift > ${minShiftPct}%`
    : !significant
      ? `no significant slowdown: ${shown} >= ${alpha}`
      : `slowdown below ${minShiftPct}%: ${shown}`;
  return {
    ...common, decision: significant && large ? 'regression' : 'no-regression',
    baselineMedianMs, candidateMedianMs, shiftPct, u, z, pValue, reason,
  };
}
