/**
 * Image -> one NCHW float32 tensor, per the model's InputSpec, with sharp (libvips).
 * 1. decode (no EXIF auto-rotation: annotation sizes refer to the stored pixels, as in pycocotools);
 *    alpha dropped, greyscale expanded to sRGB;
 * 2. stretch: resize to the input size ignoring aspect ratio; letterbox: scale by
 *    min(inW / w, inH / h), round the scaled size, centre it, pad with `padValue` (default 0);
 * 3. channel order RGB or BGR; 4. v = pixel * scale, then (v - mean[c]) / std[c] where c is the
 *    tensor channel (so mean/std are given in the tensor's colour order, as Caffe's BGR means are).
 */
import sharp, { type Metadata } from 'sharp';
import { ConfigError } from '../errors.js';
import type { InputSpec } from './model-spec.js';
import type { ImageMeta } from './image-meta.js';

export type ImageSource = string | Buffer;

export interface PreprocessedImage {
  /** C x H x W float32 values of one image. */
  data: Float32Array;
  meta: ImageMeta;
}

/** Decode, resize and normalise one image; `out` (length C*H*W) avoids an extra copy when given. */
export async function preprocessImage(
  source: ImageSource,
  imageId: number,
  input: InputSpec,
  out?: Float32Array,
): Promise<PreprocessedImage> {
  const [, channels, inH, inW] = input.shape;
  if (channels !== 3) {
    throw new ConfigError('HIL_INPUT_CHANNELS', `input ${input.name}: hil feeds 3-channel images, shape says ${channels}`, {
      where: 'input.shape',
    });
  }
  let image = sharp(source, { failOn: 'error' });
  let info: Metadata;
  try {
    info = await image.metadata();
  } catch (cause) {
    throw new ConfigError('HIL_IMAGE_UNREADABLE', `cannot decode image ${describe(source)}`, { cause, where: describe(source) });
  }
  const width = info.width;
  const height = info.height;
  if (!width || !height) throw new ConfigError('HIL_IMAGE_UNREADABLE', `image ${describe(source)} has no size`);
  const kernel = input.resizeKernel ?? 'linear';
  image = image.removeAlpha().toColourspace('srgb');
  let meta: ImageMeta;
  if (input.resize === 'letterbox') {
    const s = Math.min(inW / width, inH / height);
    const nw = Math.min(inW, Math.max(1, Math.round(width * s)));
    const nh = Math.min(inH, Math.max(1, Math.round(height * s)));
    const left = Math.floor((inW - nw) / 2);
    const top = Math.floor((inH - nh) / 2);
    const pad = input.padValue ?? 0;
    image = image
      .resize(nw, nh, { fit: 'fill', kernel })
      .extend({ top, left, bottom: inH - nh - top, right: inW - nw - left, background: { r: pad, g: pad, b: pad } });
    meta = { imageId, width, height, inputWidth: inW, inputHeight: inH, scaleX: nw / width, scaleY: nh / height, padX: left, padY: top };
  } else {
    image = image.resize(inW, inH, { fit: 'fill', kernel });
    meta = { imageId, width, height, inputWidth: inW, inputHeight: inH, scaleX: inW / width, scaleY: inH / height, padX: 0, padY: 0 };
  }
  const { data: hwc, info: outInfo } = await image.raw().toBuffer({ resolveWithObject: true });
  if (outInfo.width !== inW || outInfo.height !== inH || outInfo.channels !== 3) {
    throw new ConfigError('HIL_IMAGE_UNREADABLE', `image ${describe(source)} decoded to ${outInfo.width}x${outInfo.height}x${outInfo.channels}`);
  }
  const data = out ?? new Float32Array(3 * inH * inW);
  hwcToChw(hwc, data, inW, inH, input);
  return { data, meta };
}

/** Interleaved RGB bytes -> planar normalised floats in the model's colour order. */
export function hwcToChw(hwc: Uint8Array, out: Float32Array, width: number, height: number, input: Pick<InputSpec, 'colorOrder' | 'scale' | 'mean' | 'std'>): void {
  const plane = width * height;
  const order = input.colorOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  for (let c = 0; c < 3; c += 1) {
    const src = order[c]!;
    const mean = input.mean[c]!;
    const std = input.std[c]!;
    const base = c * plane;
    for (let p = 0; p < plane; p += 1) out[base + p] = (hwc[3 * p + src]! * input.scale - mean) / std;
  }
}

function describe(source: ImageSource): string {
  return typeof source === 'string' ? source : `<buffer ${source.length} bytes>`;
}
