/**
 * INT8 entropy calibration, TensorRT's way (EntropyCalibration2, after Migacz, "8-bit Inference with
 * TensorRT", GTC 2017): a histogram of |x| over [0, amax] in 2048 bins; for every candidate
 * threshold of i bins (128 ≤ i ≤ 2048), P = the first i bins with everything beyond folded into the
 * last, Q = those i bins merged into 128 levels and spread back over the bins that were non-zero;
 * the threshold is the one of least KL(P‖Q), at the middle of its last bin. scale = threshold / 127.
 * Pure: the caller feeds activations in, one array at a time.
 */

export const HISTOGRAM_BINS = 2048;
export const QUANTIZED_LEVELS = 128;

/** Largest |x|; NaN and ±Infinity are counted apart, never as the range. */
export function absMax(values: ArrayLike<number>, previous = 0): number {
  let max = previous;
  for (let i = 0; i < values.length; i += 1) {
    const v = Math.abs(values[i]!);
    if (v > max && v !== Infinity) max = v;
  }
  return max;
}

/** Adds |x| of `values` to `histogram` (HISTOGRAM_BINS bins over [0, amax]); values above amax go to the last bin. */
export function addToHistogram(histogram: Float64Array, values: ArrayLike<number>, amax: number): void {
  if (!(amax > 0)) {
    histogram[0]! += values.length;
    return;
  }
  const bins = histogram.length;
  const perUnit = bins / amax;
  for (let i = 0; i < values.length; i += 1) {
    const v = Math.abs(values[i]!);
    if (Number.isNaN(v)) continue;
    const bin = Math.min(bins - 1, Math.floor(v * perUnit));
    histogram[bin]! += 1;
  }
}

/** KL(P‖Q) over the bins where P > 0 (both normalised here); a Q of 0 where P > 0 is smoothed, as TensorRT's reference does. */
function klDivergence(p: Float64Array, q: Float64Array): number {
  let sumP = 0;
  let sumQ = 0;
  for (let i = 0; i < p.length; i += 1) {
    sumP += p[i]!;
    sumQ += q[i]!;
  }
  if (sumP === 0 || sumQ === 0) return Infinity;
  let kl = 0;
  for (let i = 0; i < p.length; i += 1) {
    if (p[i] === 0) continue;
    const pi = p[i]! / sumP;
    const qi = Math.max(q[i]! / sumQ, 1e-12);
    kl += pi * Math.log(pi / qi);
  }
  return kl;
}

/** P and Q for a threshold of `i` bins (exported for the tests that check them by hand). */
export function candidateDistributions(histogram: Float64Array, i: number, levels = QUANTIZED_LEVELS): { p: Float64Array; q: Float64Array } {
  const p = histogram.slice(0, i);
  let outliers = 0;
  for (let k = i; k < histogram.length; k += 1) outliers += histogram[k]!;
  p[i - 1]! += outliers;
  const q = new Float64Array(i);
  // Level j covers bins [floor(j·i/levels), floor((j+1)·i/levels)): every bin belongs to exactly one level.
  for (let j = 0; j < levels; j += 1) {
    const start = Math.floor((j * i) / levels);
    const end = Math.floor(((j + 1) * i) / levels);
    let sum = 0;
    let nonZero = 0;
    for (let k = start; k < end; k += 1) {
      sum += histogram[k]!;
      if (histogram[k]! > 0) nonZero += 1;
    }
    if (nonZero === 0) continue;
    for (let k = start; k < end; k += 1) if (histogram[k]! > 0) q[k] = sum / nonZero;
  }
  return { p, q };
}

export interface EntropyThreshold {
  /** The |x| beyond which values saturate. */
  threshold: number;
  /** threshold / 127: what TensorRT's calibration cache stores. */
  scale: number;
  bins: number;
  divergence: number;
}

/** The threshold of least KL divergence for a histogram over [0, amax]. */
export function entropyThreshold(counts: Float64Array, amax: number, levels = QUANTIZED_LEVELS): EntropyThreshold {
  if (!(amax > 0)) return { threshold: 0, scale: 0, bins: 0, divergence: 0 };
  // The first bin holds every exact zero (half of a ReLU's outputs): left as it is, that spike
  // dominates the divergence and drives every threshold down to a few percent of the range (mAP
  // of vgg-ssd-mini 0.81 -> 0.49). It is given its neighbour's count, as NVIDIA's own entropy
  // calibrator does (pytorch-quantization's _compute_amax_entropy: bins[0] = bins[1]).
  const histogram = counts.slice();
  if (histogram.length > 1) histogram[0] = histogram[1]!;
  const binWidth = amax / histogram.length;
  let best = { bins: histogram.length, divergence: Infinity };
  for (let i = levels; i <= histogram.length; i += 1) {
    const { p, q } = candidateDistributions(histogram, i, levels);
    const divergence = klDivergence(p, q);
    if (divergence < best.divergence) best = { bins: i, divergence };
  }
  const threshold = Math.min(amax, (best.bins + 0.5) * binWidth);
  return { threshold, scale: threshold / 127, bins: best.bins, divergence: best.divergence };
}
