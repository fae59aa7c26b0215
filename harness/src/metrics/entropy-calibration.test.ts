import { describe, expect, it } from 'vitest';
import { absMax, addToHistogram, candidateDistributions, entropyThreshold, HISTOGRAM_BINS } from './entropy-calibration.js';
import { mulberry32 } from '../../../test/support/mulberry32.js';

const gaussian = (rand: () => number) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

describe('entropy calibration (TensorRT EntropyCalibration2)', () => {
  it('P folds the tail into its last bin; Q merges bins into levels and spreads each level over its non-zero bins', () => {
    // 8 bins, threshold at 4 bins, 2 levels: levels cover bins [0,2) and [2,4).
    const histogram = Float64Array.from([4, 0, 3, 1, 2, 2, 0, 1]);
    const { p, q } = candidateDistributions(histogram, 4, 2);
    expect([...p]).toEqual([4, 0, 3, 1 + 2 + 2 + 0 + 1]);
    // Level 0: sum 4 over 1 non-zero bin; level 1: sum 4 over 2 non-zero bins. The empty bin stays empty.
    expect([...q]).toEqual([4, 0, 2, 2]);
  });

  it('keeps the whole range when nothing is an outlier (uniform values)', () => {
    const rand = mulberry32(3);
    const values = Float32Array.from({ length: 200_000 }, () => rand() * 4);
    const amax = absMax(values);
    const histogram = new Float64Array(HISTOGRAM_BINS);
    addToHistogram(histogram, values, amax);
    const { threshold, scale } = entropyThreshold(histogram, amax);
    expect(threshold / amax).toBeGreaterThan(0.95);
    expect(scale).toBeCloseTo(threshold / 127, 12);
  });

  it('saturates a rare huge outlier instead of wasting the 127 levels on it', () => {
    const rand = mulberry32(5);
    const values = Float32Array.from({ length: 200_000 }, () => gaussian(rand));
    values[17] = 200; // one activation 200 sigma out
    const amax = absMax(values);
    expect(amax).toBe(200);
    const histogram = new Float64Array(HISTOGRAM_BINS);
    addToHistogram(histogram, values, amax);
    const { threshold } = entropyThreshold(histogram, amax);
    // Everything of the Gaussian sits in the first ~50 of 2048 bins: the threshold stays close to it.
    expect(threshold).toBeGreaterThan(2);
    expect(threshold).toBeLessThan(20);
  });

  it("a ReLU's spike of exact zeros does not drag the threshold down (bins[0] = bins[1], as NVIDIA's calibrator)", () => {
    const rand = mulberry32(11);
    // Half exact zeros, half |N(0, 1)|: without the fix the zero bin dominates the divergence and
    // the threshold lands at 1/8 of the range, clipping most of the signal.
    const values = Float32Array.from({ length: 200_000 }, (_, i) => (i % 2 === 0 ? 0 : Math.abs(gaussian(rand))));
    const amax = absMax(values);
    const histogram = new Float64Array(HISTOGRAM_BINS);
    addToHistogram(histogram, values, amax);
    const { threshold } = entropyThreshold(histogram, amax);
    expect(threshold).toBeGreaterThan(2.5);
    // The histogram passed in is left as it was.
    expect(histogram[0]).toBeGreaterThanOrEqual(100_000);
  });

  it('is deterministic and ignores NaN and infinities for the range', () => {
    expect(absMax([1, -3, Number.NaN, Infinity, -Infinity, 2])).toBe(3);
    const rand = mulberry32(9);
    const values = Float32Array.from({ length: 50_000 }, () => gaussian(rand));
    const run = () => {
      const histogram = new Float64Array(HISTOGRAM_BINS);
      addToHistogram(histogram, values, absMax(values));
      return entropyThreshold(histogram, absMax(values));
    };
    expect(run()).toEqual(run());
  });

  it('an all-zero tensor has scale 0 (the caller decides what to write)', () => {
    const histogram = new Float64Array(HISTOGRAM_BINS);
    addToHistogram(histogram, new Float32Array(10), 0);
    expect(entropyThreshold(histogram, 0)).toMatchObject({ threshold: 0, scale: 0 });
  });
});
