import { describe, expect, it } from 'vitest';
import { blockMedians, compareLatency, mannWhitneyGreater, median, normalUpperTail } from '../../harness/src/metrics/latency-compare.js';
import { mulberry32 } from '../support/mulberry32.js';


function gauss(next: () => number): number {
  const u = 1 - next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/**
 * One run of an "unchanged model" on a board: lognormal latencies around 20 ms (8% spread), 1% of
 * queries hit a 3-10× outlier (a page fault, a daemon waking up), and the whole run drifts by a
 * run-level factor with 1% spread (temperature, DVFS), as reruns on real boards do.
 */
function run(next: () => number, n: number, slowdown = 1): number[] {
  const drift = Math.exp(0.01 * gauss(next));
  return Array.from({ length: n }, () => {
    const base = 20 * Math.exp(0.08 * gauss(next)) * drift * slowdown;
    return next() < 0.01 ? base * (3 + 7 * next()) : base;
  });
}

// 662 queries: what LoadGen asks for a p99 (hil's single-stream default).
const N = 662;

describe('latency regression decision', () => {
  it('matches scipy.stats.mannwhitneyu(alternative="greater", method="asymptotic") incl. ties', () => {
    // Reference values computed with SciPy 1.17.1.
    const cases: Array<[number[], number[], number, number]> = [
      [[3.1, 2.9, 3.4, 3.3, 3.0, 3.6, 3.2, 3.5, 3.8, 3.3], [2.8, 2.9, 3.0, 3.1, 2.7, 3.0, 2.9, 3.2, 2.8, 3.0], 88.5, 0.0019129681965784867],
      [[1, 2, 2, 3, 3, 3, 4, 5], [1, 1, 2, 2, 3, 3, 4, 4], 37, 0.3133489145596384],
      [[5, 6, 7, 8, 9, 10, 11, 12], [1, 2, 3, 4, 5, 6, 7, 8], 56, 0.0066565013819083274],
    ];
    for (const [x, y, u, p] of cases) {
      const r = mannWhitneyGreater(x, y);
      expect(r.u).toBe(u);
      expect(Math.abs(r.pValue - p) / p).toBeLessThan(1e-6);
    }
    // Numerical Recipes' erfc: relative error below 1.2e-7, ample next to alpha = 0.01.
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(2.3263478740408408)).toBeCloseTo(0.01, 7);
    expect(mannWhitneyGreater([1, 1, 1], [1, 1, 1]).pValue).toBe(1);
  });

  it('an unchanged model rerun 20 times: 0 false alarms; blocks, not queries, are the unit of the test', () => {
    const next = mulberry32(20180611);
    let falseAlarms = 0;
    let perQuerySignificant = 0;
    let perBlockSignificant = 0;
    for (let i = 0; i < 20; i += 1) {
      const a = run(next, N);
      const b = run(next, N);
      const c = compareLatency(a, b);
      if (c.decision === 'regression') falseAlarms += 1;
      if (c.pValue! < 0.01) perBlockSignificant += 1;
      // The same data tested query by query: 662 "independent" samples a side.
      if (mannWhitneyGreater(b, a).pValue < 0.01) perQuerySignificant += 1;
      expect(Math.abs(c.shiftPct!)).toBeLessThan(5);
      expect([c.blocksBaseline, c.blocksCandidate]).toEqual([21, 21]);
    }
    expect(falseAlarms).toBe(0);
    // Run-level drift of ~1% makes the per-query test cry wolf; the block test far less often.
    expect(perQuerySignificant).toBeGreaterThan(perBlockSignificant);
  });

  it('blocks each run on its own and drops a stub block', () => {
    expect(blockMedians([1, 2, 3, 10, 11, 12, 13], 3)).toEqual([2, 11]);
    expect(blockMedians([1, 2, 3, 10, 11, 12, 13, 14], 4, [3])).toEqual([2, 11.5]);
  });

  it('a real 10% slowdown is detected in every one of 20 reruns', () => {
    const next = mulberry32(7);
    let detected = 0;
    for (let i = 0; i < 20; i += 1) {
      const c = compareLatency(run(next, N), run(next, N, 1.1));
      if (c.decision === 'regression') detected += 1;
      expect(c.reason).toMatch(/^slower: median/);
    }
    expect(detected).toBe(20);
  });

  it('a faster candidate, a small slowdown, and too few samples are not regressions', () => {
    const next = mulberry32(3);
    expect(compareLatency(run(next, N), run(next, N, 0.8)).decision).toBe('no-regression');
    const small = compareLatency(run(next, N), run(next, N, 1.03));
    expect(small.decision).toBe('no-regression');
    const few = compareLatency([1, 2, 3], [4, 5, 6]);
    expect(few).toMatchObject({ decision: 'insufficient-data', shiftPct: null, pValue: null });
    expect(few.reason).toBe('need at least 10 blocks of 32 queries on each side, have 0 baseline and 0 candidate');
  });

  it('outliers alone do not make a regression (rank test, median shift)', () => {
    // Every tenth query of the candidate takes 20× longer; the typical query is unchanged.
    const base = Array.from({ length: 1000 }, (_, i) => 20 + (i % 10) * 0.1);
    const cand = base.map((v, i) => (i % 10 === 0 ? v * 20 : v));
    const c = compareLatency(base, cand);
    expect(c.decision).toBe('no-regression');
    expect(c.shiftPct!).toBeLessThan(1);
    expect(median(cand)).toBeCloseTo(20.55, 9);
  });
});
