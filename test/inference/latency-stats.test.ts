import { describe, expect, it } from 'vitest';
import { computeLatencyStats, medianCiRanks, nearestRank } from '../../harness/src/metrics/latency-stats.js';

/** P(B <= k) for B ~ Binomial(n, 1/2), exact with BigInt for small n. */
function binomCdf(n: number, k: number): number {
  let c = 1n;
  let sum = 0n;
  for (let i = 0; i <= k; i += 1) {
    sum += c;
    c = (c * BigInt(n - i)) / BigInt(i + 1);
  }
  return Number(sum) / Number(2n ** BigInt(n));
}

describe('computeLatencyStats', () => {
  it('uses nearest-rank percentiles and the ordinary median', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted input
    const s = computeLatencyStats(samples);
    expect(s.n).toBe(100);
    expect(s.minMs).toBe(1);
    expect(s.maxMs).toBe(100);
    expect(s.medianMs).toBe(50.5);
    expect(s.meanMs).toBe(50.5);
    expect(s.p90Ms).toBe(90);
    expect(s.p99Ms).toBe(99);
    expect(s.fps).toBeCloseTo(1000 / 50.5, 12);
    expect(s.medianCi95Ms).toEqual([40, 61]);
    expect(s.durationMs).toBe(5050); // no window given: sum of samples
  });

  it('odd n median, p99 of small n is the max, window duration kept', () => {
    const s = computeLatencyStats([3, 1, 2], 12.5);
    expect(s.medianMs).toBe(2);
    expect(s.p90Ms).toBe(3);
    expect(s.p99Ms).toBe(3);
    expect(s.durationMs).toBe(12.5);
    expect(s.medianCi95Ms).toEqual([1, 3]); // n < 6: no 95% interval exists, [min, max]
  });

  it('nearestRank picks observed samples', () => {
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 91)).toBe(10);
    expect(nearestRank([5], 50)).toBe(5);
    expect(() => nearestRank([1], 0)).toThrow(RangeError);
  });

  it('rejects empty and non-finite samples', () => {
    expect(() => computeLatencyStats([])).toThrow(RangeError);
    expect(() => computeLatencyStats([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('medianCiRanks', () => {
  it('matches the order-statistic table', () => {
    expect(medianCiRanks(5)).toEqual([1, 5]);
    expect(medianCiRanks(6)).toEqual([1, 6]);
    expect(medianCiRanks(10)).toEqual([2, 9]);
    expect(medianCiRanks(20)).toEqual([6, 15]);
    expect(medianCiRanks(100)).toEqual([40, 61]);
  });

  it('is the tightest interval with coverage >= 95% (exact binomial)', () => {
    for (const n of [6, 7, 13, 29, 64, 101, 250, 662]) {
      const [l, u] = medianCiRanks(n);
      expect(u).toBe(n + 1 - l);
      const coverage = 1 - 2 * binomCdf(n, l - 1);
      expect(coverage).toBeGreaterThanOrEqual(0.95);
      expect(1 - 2 * binomCdf(n, l)).toBeLessThan(0.95);
    }
  });

  it('stays finite for large n (2^-n underflows)', () => {
    const [l, u] = medianCiRanks(100_000);
    // normal approximation: n/2 -/+ 1.96 sqrt(n)/2 = 50000 -/+ 309.9
    expect(l).toBeGreaterThan(49_680);
    expect(l).toBeLessThan(49_700);
    expect(u).toBe(100_001 - l);
  });
});
