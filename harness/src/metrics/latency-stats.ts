/**
 * Latency statistics of one single-stream run. Pure: samples in, numbers out.
 *
 * Definitions (stated here because "p99" means different things in different tools):
 * - percentiles (p90, p99) use the nearest-rank method: the smallest sample such that at least p% of
 *   the samples are <= it, i.e. sorted[ceil(p/100 * n) - 1]. This is always an observed latency,
 *   never an interpolated one, like MLPerf LoadGen's percentile report (which indexes the sorted
 *   latencies instead of interpolating). Not numpy's default (linear interpolation).
 * - median is the usual sample median: the middle sample, or the mean of the two middle samples
 *   when n is even (numpy.median).
 * - fps = 1000 / mean latency: one query at a time, so throughput is the reciprocal of the mean.
 * - medianCi95Ms: distribution-free 95% confidence interval of the median from order statistics:
 *   [x_(l), x_(n+1-l)] with l the largest rank such that P(B <= l - 1) <= 0.025, B ~ Binomial(n, 1/2).
 *   Its coverage is >= 95% whatever the latency distribution, as long as samples are independent.
 *   Below n = 6 no such interval exists; [min, max] is returned then (coverage 1 - 2^(1-n) < 95%).
 */
import type { LatencyStats } from '../results/check-result.js';

export function computeLatencyStats(samplesMs: readonly number[], durationMs?: number): LatencyStats {
  const n = samplesMs.length;
  if (n === 0) throw new RangeError('computeLatencyStats: no samples');
  for (const v of samplesMs) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`computeLatencyStats: bad sample ${v}`);
  }
  const sorted = Float64Array.from(samplesMs).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / n;
  const [lo, hi] = medianCiRanks(n);
  return {
    n,
    minMs: sorted[0]!,
    medianMs: median(sorted),
    meanMs: mean,
    p90Ms: nearestRank(sorted, 90),
    p99Ms: nearestRank(sorted, 99),
    maxMs: sorted[n - 1]!,
    fps: mean > 0 ? 1000 / mean : Number.POSITIVE_INFINITY,
    medianCi95Ms: [sorted[lo - 1]!, sorted[hi - 1]!],
    durationMs: durationMs ?? sum,
  };
}

/** Nearest-rank percentile of ascending samples, p in (0, 100]. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`nearestRank: percentile ${p} outside (0, 100]`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length - 1e-9));
  return sorted[rank - 1]!;
}

function median(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * 1-based ranks [l, u] of the order statistics bounding the 95% CI of the median.
 * l is the largest rank with P(B <= l - 1) <= 0.025; u = n + 1 - l by symmetry.
 */
export function medianCiRanks(n: number, alpha = 0.05): [number, number] {
  // Cumulate the Binomial(n, 1/2) pmf in log space: 2^-n underflows for n > 1074, but the terms
  // that underflow are far below alpha / 2 and cannot move the answer.
  let logP = -n * Math.LN2;
  let cdf = 0;
  let l = 0;
  for (let k = 0; k <= n; k += 1) {
    cdf += Math.exp(logP); // cdf = P(B <= k)
    if (cdf > alpha / 2) break;
    l = k + 1; // P(B <= l - 1) <= alpha / 2 holds for l = k + 1
    logP += Math.log((n - k) / (k + 1));
  }
  if (l < 1) return [1, n];
  return [l, n + 1 - l];
}
