/**
 * One entry point for every output convention: model outputs of a batch -> COCO detections in
 * original image pixels. `metas[b]` describes batch item b (from preprocessing).
 * category_id is the 1-based index into the manifest's `classes` (see class-mapping.ts).
 */
import type { CocoDetection, ModelSpec } from '../model-spec.js';
import type { ImageMeta } from '../image-meta.js';
import type { OutputMap } from '../tensor-like.js';
import { decodeCaffeDetectionOutput } from './caffe-detection-output.js';
import { decodeDecodedSoftmax } from './decoded-softmax.js';
import { decodePostNms } from './post-nms.js';
import { decodeSsdRaw } from './ssd-raw.js';
import { decodeYoloRegion } from './yolo-region.js';
import type { DecodeOptions } from './to-coco.js';

export type DecodeSpec = Pick<ModelSpec, 'output' | 'nms' | 'priors'>;

export function decodeOutputs(
  spec: DecodeSpec,
  outputs: OutputMap,
  metas: readonly ImageMeta[],
  options: DecodeOptions = {},
): CocoDetection[] {
  const out = spec.output;
  switch (out.format) {
    case 'decoded-softmax':
      return decodeDecodedSoftmax(out, spec.nms, outputs, metas, options);
    case 'ssd-raw':
      return decodeSsdRaw(out, spec.priors, spec.nms, outputs, metas, options);
    case 'caffe-detection-output':
      return decodeCaffeDetectionOutput(out, outputs, metas, options);
    case 'post-nms':
      return decodePostNms(out, outputs, metas, options);
    case 'yolo-region':
      return decodeYoloRegion(out, spec.nms, outputs, metas, options);
  }
}

/** Output names the decoder reads, so a runner can fetch only those. */
export function outputNamesOf(spec: Pick<ModelSpec, 'output'>): string[] {
  const out = spec.output;
  switch (out.format) {
    case 'decoded-softmax':
      return [out.scores, out.boxes];
    case 'ssd-raw':
      return [out.loc, out.conf];
    case 'caffe-detection-output':
      return [out.detections];
    case 'post-nms':
      return [out.numDetections, out.boxes, out.scores, out.classes];
    case 'yolo-region':
      return [out.region];
  }
}
