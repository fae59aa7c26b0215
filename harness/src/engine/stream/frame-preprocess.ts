/**
 * Camera frame (raw RGB bytes) -> the model's NCHW float32 input, in plain JS: the stream's
 * consumer does this per frame on the board, where sharp may not exist. It follows the manifest's
 * InputSpec like preprocess.ts (stretch or letterbox, colour order, scale, mean/std) with an
 * antialiased bilinear (triangle) filter whose support widens when shrinking, as libvips and PIL
 * do, and rounds to 8 bits before normalising, as sharp's raw output is. Weights depend only on
 * the sizes, so they are computed once per stream, not per frame.
 */
import { ConfigError } from '../../errors.js';
import type { ImageMeta } from '../../inference/image-meta.js';
import type { InputSpec } from '../../inference/model-spec.js';

interface AxisWeights {
  start: Int32Array;
  count: Int32Array;
  /** `taps` weights per output pixel, normalised to sum 1. */
  weights: Float32Array;
  taps: number;
}

/**
 * PIL's ImagingResample coefficients for a triangle filter of radius 1. When enlarging, sharp
 * (libvips affine) samples output pixel o at input position o * in / out - 0.5 rather than at
 * the centre-aligned (o + 0.5) * in / out - 0.5; measured, and followed here so that the stream's
 * inputs stay within a few grey levels of the accuracy scenario's (test/stream/frame-preprocess.test.ts).
 * Not followed: when one axis shrinks while the other enlarges, sharp filters the shrinking axis
 * differently again; cameras are larger than detector inputs, so both axes shrink in practice.
 */
function axisWeights(inSize: number, outSize: number): AxisWeights {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float32Array(outSize * taps);
  for (let o = 0; o < outSize; o += 1) {
    const center = scale < 1 ? o * scale : (o + 0.5) * scale;
    const lo = Math.max(0, Math.trunc(center - support + 0.5));
    const hi = Math.min(inSize, Math.trunc(center + support + 0.5));
    let sum = 0;
    const n = Math.min(taps, hi - lo);
    for (let k = 0; k < n; k += 1) {
      const w = Math.max(0, 1 - Math.abs((k + lo - center + 0.5) / filterScale));
      weights[o * taps + k] = w;
      sum += w;
    }
    for (let k = 0; k < n; k += 1) weights[o * taps + k] = sum > 0 ? weights[o * taps + k]! / sum : 1 / n;
    start[o] = lo;
    count[o] = n;
  }
  return { start, count, weights, taps };
}

export interface FramePreprocessor {
  /** Where a frame sits in the network input (for mapping boxes back to frame pixels). */
  meta(imageId: number): ImageMeta;
  /** Fills `out` (C x H x W floats, ordinary memory) from one frame's RGB bytes. */
  run(rgb: Uint8Array, out: Float32Array): void;
}

export function createFramePreprocessor(frameWidth: number, frameHeight: number, input: InputSpec): FramePreprocessor {
  const [, channels, inH, inW] = input.shape;
  if (channels !== 3) throw new ConfigError('HIL_INPUT_CHANNELS', `input ${input.name}: hil feeds 3-channel images, shape says ${channels}`, { where: 'input.shape' });
  let nw = inW;
  let nh = inH;
  let left = 0;
  let top = 0;
  if (input.resize === 'letterbox') {
    const s = Math.min(inW / frameWidth, inH / frameHeight);
    nw = Math.min(inW, Math.max(1, Math.round(frameWidth * s)));
    nh = Math.min(inH, Math.max(1, Math.round(frameHeight * s)));
    left = Math.floor((inW - nw) / 2);
    top = Math.floor((inH - nh) / 2);
  }
  const base: Omit<ImageMeta, 'imageId'> = {
    width: frameWidth, height: frameHeight, inputWidth: inW, inputHeight: inH,
    scaleX: nw / frameWidth, scaleY: nh / frameHeight, padX: left, padY: top,
  };
  const xs = axisWeights(frameWidth, nw);
  const ys = axisWeights(frameHeight, nh);
  const tmp = new Float32Array(frameHeight * nw * 3);
  const order = input.colorOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const plane = inW * inH;
  // Per source channel: value -> tensor value, and which tensor plane it lands in.
  const mul = [0, 0, 0];
  const add = [0, 0, 0];
  const planeOf = [0, 0, 0];
  for (let c = 0; c < 3; c += 1) {
    const src = order[c]!;
    planeOf[src] = c * plane;
    mul[src] = input.scale / input.std[c]!;
    add[src] = -input.mean[c]! / input.std[c]!;
  }
  const pad = input.padValue ?? 0;

  return {
    meta: (imageId) => ({ imageId, ...base }),
    run(rgb, out) {
      if (rgb.length !== frameWidth * frameHeight * 3) throw new RangeError(`frame has ${rgb.length} bytes, expected ${frameWidth * frameHeight * 3}`);
      // Horizontal pass over every source row, into nw x frameHeight x 3 floats.
      for (let y = 0; y < frameHeight; y += 1) {
        const row = y * frameWidth * 3;
        const outRow = y * nw * 3;
        for (let x = 0; x < nw; x += 1) {
          let r = 0, g = 0, b = 0;
          const s0 = xs.start[x]!;
          const w0 = x * xs.taps;
          for (let k = 0, n = xs.count[x]!; k < n; k += 1) {
            const w = xs.weights[w0 + k]!;
            const p = row + (s0 + k) * 3;
            r += rgb[p]! * w;
            g += rgb[p + 1]! * w;
            b += rgb[p + 2]! * w;
          }
          const q = outRow + x * 3;
          tmp[q] = r;
          tmp[q + 1] = g;
          tmp[q + 2] = b;
        }
      }
      if (nw !== inW || nh !== inH) {
        for (let c = 0; c < 3; c += 1) out.fill(pad * mul[order[c]!]! + add[order[c]!]!, c * plane, (c + 1) * plane);
      }
      // Vertical pass, rounded to 8 bits, normalised, written planar in the model's colour order.
      for (let y = 0; y < nh; y += 1) {
        const s0 = ys.start[y]!;
        const w0 = y * ys.taps;
        const n = ys.count[y]!;
        const dst = (top + y) * inW + left;
        for (let x = 0; x < nw; x += 1) {
          let r = 0, g = 0, b = 0;
          for (let k = 0; k < n; k += 1) {
            const w = ys.weights[w0 + k]!;
            const q = ((s0 + k) * nw + x) * 3;
            r += tmp[q]! * w;
            g += tmp[q + 1]! * w;
            b += tmp[q + 2]! * w;
          }
          out[planeOf[0]! + dst + x] = clamp8(r) * mul[0]! + add[0]!;
          out[planeOf[1]! + dst + x] = clamp8(g) * mul[1]! + add[1]!;
          out[planeOf[2]! + dst + x] = clamp8(b) * mul[2]! + add[2]!;
        }
      }
    },
  };
}

function clamp8(v: number): number {
  const r = Math.round(v);
  return r < 0 ? 0 : r > 255 ? 255 : r;
}
