/**
 * pytorch-ssd style outputs: `boxes` [B, N, 4] normalised corners (xmin, ymin, xmax, ymax) already
 * decoded from the priors, `scores` [B, N, C] softmax probabilities with a background class.
 * hil applies the per-class NMS of `nms` (pytorch-ssd's own predictor does the same per class).
 */
import type { CocoDetection, NmsSpec } from '../model-spec.js';
import type { ImageMeta } from '../image-meta.js';
import { nmsPerClass } from '../nms.js';
import { expectSize, requireOutput, shapeError, toNumbers, type OutputMap } from '../tensor-like.js';
import { categoryIdFor } from './class-mapping.js';
import { fromNormalized, toCoco, type DecodeOptions } from './to-coco.js';

export interface DecodedSoftmaxSpec {
  boxes: string;
  scores: string;
  backgroundClass: number;
}

export function decodeDecodedSoftmax(
  spec: DecodedSoftmaxSpec,
  nms: NmsSpec,
  outputs: OutputMap,
  metas: readonly ImageMeta[],
  options: DecodeOptions = {},
): CocoDetection[] {
  const scoresT = requireOutput(outputs, spec.scores, 'scores');
  const boxesT = requireOutput(outputs, spec.boxes, 'boxes');
  const batch = metas.length;
  const numClasses = scoresT.dims[scoresT.dims.length - 1] ?? 0;
  const numBoxes = numClasses > 0 ? scoresT.data.length / (batch * numClasses) : 0;
  if (!(numClasses >= 1) || !Number.isInteger(numBoxes) || numBoxes < 1) {
    throw shapeError(`output ${spec.scores}`, `expected scores [${batch}, N, C]`, scoresT);
  }
  expectSize(boxesT, batch * numBoxes * 4, `output ${spec.boxes} (boxes [B, N, 4])`);
  const scores = toNumbers(scoresT);
  const boxes = toNumbers(boxesT);
  const out: CocoDetection[] = [];
  metas.forEach((meta, b) => {
    const bx = boxes.subarray(b * numBoxes * 4, (b + 1) * numBoxes * 4);
    const sc = scores.subarray(b * numBoxes * numClasses, (b + 1) * numBoxes * numClasses);
    const kept = nmsPerClass({ boxes: bx, scores: sc, numBoxes, numClasses, backgroundClass: spec.backgroundClass }, nms);
    const raw = kept.map((d) => ({
      categoryId: categoryIdFor(d.classIndex, spec.backgroundClass),
      score: d.score,
      ...fromNormalized(meta, bx[4 * d.boxIndex]!, bx[4 * d.boxIndex + 1]!, bx[4 * d.boxIndex + 2]!, bx[4 * d.boxIndex + 3]!),
    }));
    out.push(...toCoco(meta, raw, options));
  });
  return out;
}
