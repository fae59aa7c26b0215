/**
 * Shared tail of the adapters: normalised corners of one image -> COCO detections in original
 * image pixels, listed by descending score (stable: ties keep the adapter's order).
 */
import type { CocoDetection } from '../model-spec.js';
import { toOriginalBbox, type ImageMeta } from '../image-meta.js';

export interface RawDetection {
  categoryId: number;
  score: number;
  /** Corners in network-input pixels. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface DecodeOptions {
  /** Clip boxes to the original image. @default false (the reference decoders do not clip) */
  clip?: boolean;
}

export function toCoco(meta: ImageMeta, raw: readonly RawDetection[], options: DecodeOptions = {}): CocoDetection[] {
  const sorted = [...raw].sort((a, b) => b.score - a.score);
  return sorted.map((d) => ({
    image_id: meta.imageId,
    category_id: d.categoryId,
    bbox: toOriginalBbox(meta, d.x1, d.y1, d.x2, d.y2, options.clip ?? false),
    score: d.score,
  }));
}

/** Normalised corners (0-1 of the network input) -> network-input pixels. */
export function fromNormalized(meta: ImageMeta, x1: number, y1: number, x2: number, y2: number) {
  return { x1: x1 * meta.inputWidth, y1: y1 * meta.inputHeight, x2: x2 * meta.inputWidth, y2: y2 * meta.inputHeight };
}
