/**
 * Where an original image sits inside the network input, recorded by preprocessing so that boxes
 * map back to original pixels: network pixel x = original x * scaleX + padX (same for y).
 * Stretch resize: scaleX = inputW / width, scaleY = inputH / height, no padding.
 * Letterbox: one scale (after rounding, scaleX and scaleY can differ by a hair), centred padding.
 */
export interface ImageMeta {
  /** COCO image id the detections are reported under. */
  imageId: number;
  /** Original image size in pixels. */
  width: number;
  height: number;
  /** Network input size in pixels. */
  inputWidth: number;
  inputHeight: number;
  scaleX: number;
  scaleY: number;
  padX: number;
  padY: number;
}

/**
 * Corners in network-input pixels -> COCO [x, y, w, h] in original image pixels. No clipping unless
 * asked: the reference decoders (Caffe DetectionOutput, pytorch-ssd) do not clip either.
 */
export function toOriginalBbox(
  meta: ImageMeta,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  clip = false,
): [number, number, number, number] {
  let ox1 = (x1 - meta.padX) / meta.scaleX;
  let oy1 = (y1 - meta.padY) / meta.scaleY;
  let ox2 = (x2 - meta.padX) / meta.scaleX;
  let oy2 = (y2 - meta.padY) / meta.scaleY;
  if (clip) {
    ox1 = clamp(ox1, 0, meta.width);
    ox2 = clamp(ox2, 0, meta.width);
    oy1 = clamp(oy1, 0, meta.height);
    oy2 = clamp(oy2, 0, meta.height);
  }
  return [ox1, oy1, ox2 - ox1, oy2 - oy1];
}

/** Meta for an image already at network size (no resize, no padding). */
export function identityMeta(imageId: number, inputWidth: number, inputHeight: number): ImageMeta {
  return { imageId, width: inputWidth, height: inputHeight, inputWidth, inputHeight, scaleX: 1, scaleY: 1, padX: 0, padY: 0 };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
