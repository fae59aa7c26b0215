/**
 * Caffe's CENTER_SIZE box decoding (DecodeBBox, variance_encoded_in_target = false):
 *   cx = v0 * l0 * pw + pcx,  cy = v1 * l1 * ph + pcy,  w = exp(v2 * l2) * pw,  h = exp(v3 * l3) * ph
 * with the prior in corner form. Result: normalised corners, not clipped (Caffe's default).
 */
export function decodeCenterSize(
  loc: ArrayLike<number>,
  locOffset: number,
  priors: ArrayLike<number>,
  variances: readonly [number, number, number, number],
  count: number,
): Float64Array {
  const out = new Float64Array(count * 4);
  const [v0, v1, v2, v3] = variances;
  for (let i = 0; i < count; i += 1) {
    const px1 = priors[4 * i]!, py1 = priors[4 * i + 1]!, px2 = priors[4 * i + 2]!, py2 = priors[4 * i + 3]!;
    const pw = px2 - px1;
    const ph = py2 - py1;
    const pcx = (px1 + px2) / 2;
    const pcy = (py1 + py2) / 2;
    const o = locOffset + 4 * i;
    const cx = v0 * loc[o]! * pw + pcx;
    const cy = v1 * loc[o + 1]! * ph + pcy;
    const w = Math.exp(v2 * loc[o + 2]!) * pw;
    const h = Math.exp(v3 * loc[o + 3]!) * ph;
    out[4 * i] = cx - w / 2;
    out[4 * i + 1] = cy - h / 2;
    out[4 * i + 2] = cx + w / 2;
    out[4 * i + 3] = cy + h / 2;
  }
  return out;
}

/** Row-wise softmax of a rows x cols block, max-subtracted for stability. */
export function softmaxRows(data: ArrayLike<number>, offset: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r += 1) {
    const base = offset + r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c += 1) max = Math.max(max, data[base + c]!);
    let sum = 0;
    for (let c = 0; c < cols; c += 1) {
      const e = Math.exp(data[base + c]! - max);
      out[r * cols + c] = e;
      sum += e;
    }
    for (let c = 0; c < cols; c += 1) out[r * cols + c] = out[r * cols + c]! / sum;
  }
  return out;
}
