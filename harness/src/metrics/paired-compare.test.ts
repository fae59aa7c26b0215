import { describe, expect, it } from 'vitest';
import { createRng } from '../golden/prng.js';
import { comparePaired } from './paired-compare.js';

/** Block medians of two versions on a machine whose speed drifts and jitters (both versions alike). */
function blocks(n: number, slowdown: number, seed: number, noise = 0.03): Array<{ aMedianMs: number; bMedianMs: number }> {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const drift = 1 + 0.1 * Math.sin(i / 5) + noise * rng.gauss();
    return { aMedianMs: 4 * drift * (1 + 0.01 * rng.gauss()), bMedianMs: 4 * slowdown * drift * (1 + 0.01 * rng.gauss()) };
  });
}

describe('comparePaired', () => {
  it('an unchanged model is never a regression, whatever the drift', () => {
    for (let seed = 1; seed <= 50; seed += 1) {
      const c = comparePaired(blocks(30, 1, seed));
      expect(c.decision, `seed ${seed}: ${c.reason}`).toBe('no-regression');
      expect(Math.abs(c.shiftPct)).toBeLessThan(2);
    }
  });

  it('a 10% slower model is a regression, with an interval that holds the truth', () => {
    for (let seed = 1; seed <= 50; seed += 1) {
      const c = comparePaired(blocks(30, 1.1, seed));
      expect(c.decision, `seed ${seed}`).toBe('regression');
      expect(c.ci[0]).toBeLessThan(1.1 + 0.01);
      expect(c.ci[1]).toBeGreaterThan(1.1 - 0.01);
    }
    expect(comparePaired(blocks(30, 1.1, 1)).reason).toMatch(/^new is slower by \+\d+\.\d{2}% \(98% CI \+\d+\.\d{2}% … \+\d+\.\d{2}%, 30 block pairs\): significant and above the 5% minimum shift$/);
  });

  it('a significant slowdown below the minimum shift passes, and says so', () => {
    const c = comparePaired(blocks(30, 1.03, 7));
    expect(c.decision).toBe('no-regression');
    expect(c.reason).toMatch(/significant but within the 5% minimum shift/);
  });

  it('too few block pairs decide nothing; the result is deterministic', () => {
    expect(comparePaired(blocks(5, 1.5, 1))).toMatchObject({ decision: 'insufficient', n: 5 });
    expect(comparePaired(blocks(30, 1.1, 3))).toEqual(comparePaired(blocks(30, 1.1, 3)));
  });

  it('uses the block pairs, not the per-query samples: a tiny shift in very stable blocks is still within the minimum', () => {
    const c = comparePaired(blocks(300, 1.004, 9, 0), { minShiftPct: 5 });
    expect(c.decision).toBe('no-regression');
  });
});
