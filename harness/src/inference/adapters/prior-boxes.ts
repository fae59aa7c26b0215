/**
 * SSD prior boxes exactly as Caffe's PriorBox layer makes them, concatenated over layers like
 * `mbox_priorbox`. Per layer: rows h, then columns w, then per cell
 *   1. the min-size square,
 *   2. the sqrt(min * max) square (when maxSize is given),
 *   3. one box per aspect ratio other than 1, in the expanded order (each ratio, then 1/ratio when
 *      flip; duplicates within 1e-6 dropped; Caffe's implicit leading 1.0 is the min-size square).
 * Centres are (w + offset) * stepW, (h + offset) * stepH; step defaults to imageSize / featureMap.
 * Caffe stores min_size and max_size into `int` before use, so fractional sizes are truncated
 * unless `truncateSizes` is false. Output: normalised corners (xmin, ymin, xmax, ymax), clipped to
 * [0, 1] when the layer says clip.
 */
import type { PriorBoxLayer, PriorBoxSpec } from '../model-spec.js';

const cache = new WeakMap<PriorBoxSpec, Float32Array>();

/** All priors of a spec as N x 4 normalised corners (memoised per spec object). */
export function generatePriorBoxes(spec: PriorBoxSpec): Float32Array {
  const hit = cache.get(spec);
  if (hit) return hit;
  const [imgH, imgW] = spec.imageSize;
  const parts = spec.layers.map((layer) => layerPriors(layer, imgW, imgH, spec.truncateSizes ?? true));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  cache.set(spec, out);
  return out;
}

/** Caffe's expanded aspect-ratio list without the leading 1.0. */
export function expandAspectRatios(ratios: readonly number[], flip: boolean): number[] {
  const out = [1];
  for (const ar of ratios) {
    if (out.some((x) => Math.abs(ar - x) < 1e-6)) continue;
    out.push(ar);
    if (flip) out.push(1 / ar);
  }
  return out.slice(1);
}

export function priorsPerCell(layer: PriorBoxLayer): number {
  const ars = expandAspectRatios(layer.aspectRatios, layer.flip).filter((ar) => Math.abs(ar - 1) >= 1e-6);
  return 1 + (layer.maxSize !== undefined ? 1 : 0) + ars.length;
}

function layerPriors(layer: PriorBoxLayer, imgW: number, imgH: number, truncate: boolean): Float32Array {
  const [fh, fw] = layer.featureMap;
  const stepW = layer.step ?? imgW / fw;
  const stepH = layer.step ?? imgH / fh;
  const minSize = truncate ? Math.trunc(layer.minSize) : layer.minSize;
  const maxSize = layer.maxSize === undefined ? undefined : truncate ? Math.trunc(layer.maxSize) : layer.maxSize;
  const ars = expandAspectRatios(layer.aspectRatios, layer.flip).filter((ar) => Math.abs(ar - 1) >= 1e-6);
  const sizes: Array<[number, number]> = [[minSize, minSize]];
  if (maxSize !== undefined) {
    const s = Math.sqrt(minSize * maxSize);
    sizes.push([s, s]);
  }
  for (const ar of ars) sizes.push([minSize * Math.sqrt(ar), minSize / Math.sqrt(ar)]);
  const out = new Float32Array(fh * fw * sizes.length * 4);
  let i = 0;
  for (let h = 0; h < fh; h += 1) {
    for (let w = 0; w < fw; w += 1) {
      const cx = (w + layer.offset) * stepW;
      const cy = (h + layer.offset) * stepH;
      for (const [bw, bh] of sizes) {
        out[i++] = (cx - bw / 2) / imgW;
        out[i++] = (cy - bh / 2) / imgH;
        out[i++] = (cx + bw / 2) / imgW;
        out[i++] = (cy + bh / 2) / imgH;
      }
    }
  }
  if (layer.clip) for (let k = 0; k < out.length; k += 1) out[k] = Math.min(Math.max(out[k]!, 0), 1);
  return out;
}
