/**
 * What the emulated GPU does to numbers at a lower precision, deterministically (the emulator has
 * no GPU; these stand in for its arithmetic and are documented as such):
 * - FP16: every output value is rounded to the nearest IEEE-754 half (ties to even), overflowing to
 *   ±inf above 65504 and flushing below half the smallest subnormal, as an FP16 engine's outputs are.
 * - INT8: the model is rewritten with Q/DQ at the weighted layers' inputs (quantize/insert-qdq.ts)
 *   from the calibration cache, or runs as is when it is explicitly quantized.
 * Pure.
 */

const HALF_MAX = 65504;

/** `x` rounded to the nearest FP16 value. */
export function roundToHalf(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  // Halfway between 65504 and the next step (65536) rounds to infinity.
  if (a >= HALF_MAX + 16) return sign * Infinity;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  if (2 ** (e + 1) <= a) e += 1;
  // Subnormals share the exponent of the smallest normal (2^-14) with a step of 2^-24.
  const step = 2 ** (Math.max(e, -14) - 10);
  const r = a / step;
  const f = Math.floor(r);
  const d = r - f;
  const n = d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
  return sign * Math.min(n * step, HALF_MAX);
}

export function roundArrayToHalf(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i += 1) out[i] = roundToHalf(values[i]!);
  return out;
}
