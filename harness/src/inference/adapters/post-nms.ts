/**
 * Models with NMS inside (TF Object Detection API, TensorRT's NMS plugins): `numDetections` [B]
 * (or [B, 1]), `boxes` [B, K, 4], `scores` [B, K], `classes` [B, K]. Only the first
 * numDetections[b] rows of image b are real; the rest is padding.
 * - boxOrder `yxyx` is TF's (ymin, xmin, ymax, xmax); `xyxy` is (xmin, ymin, xmax, ymax).
 * - labelBase 1: classes are already 1-based category ids (TF: 1 = first class); labelBase 0:
 *   0 = first non-background class, so category_id = class + 1.
 * - normalized: corners in 0-1 of the network input; otherwise in network-input pixels.
 * The model's own thresholds stand; hil does not run NMS or filter again.
 */
import type { CocoDetection, OutputSpec } from '../model-spec.js';
import type { ImageMeta } from '../image-meta.js';
import { expectSize, requireOutput, shapeError, toNumbers, type OutputMap } from '../tensor-like.js';
import { fromNormalized, toCoco, type DecodeOptions, type RawDetection } from './to-coco.js';

/** The manifest's post-NMS output convention (one definition, in model-spec.ts). */
export type PostNmsSpec = Omit<Extract<OutputSpec, { format: 'post-nms' }>, 'format'>;

export function decodePostNms(
  spec: PostNmsSpec,
  outputs: OutputMap,
  metas: readonly ImageMeta[],
  options: DecodeOptions = {},
): CocoDetection[] {
  const batch = metas.length;
  const numT = requireOutput(outputs, spec.numDetections, 'numDetections');
  const scoresT = requireOutput(outputs, spec.scores, 'scores');
  const boxesT = requireOutput(outputs, spec.boxes, 'boxes');
  const classesT = requireOutput(outputs, spec.classes, 'classes');
  expectSize(numT, batch, `output ${spec.numDetections} (numDetections [B])`);
  const k = scoresT.data.length / batch;
  if (!Number.isInteger(k)) throw shapeError(`output ${spec.scores}`, `expected scores [${batch}, K]`, scoresT);
  expectSize(boxesT, batch * k * 4, `output ${spec.boxes} (boxes [B, K, 4])`);
  expectSize(classesT, batch * k, `output ${spec.classes} (classes [B, K])`);
  const num = toNumbers(numT);
  const scores = toNumbers(scoresT);
  const boxes = toNumbers(boxesT);
  const classes = toNumbers(classesT);
  const yFirst = spec.boxOrder === 'yxyx';
  return metas.flatMap((meta, b) => {
    const count = Math.min(k, Math.max(0, Math.round(num[b]!)));
    const raw: RawDetection[] = [];
    for (let i = 0; i < count; i += 1) {
      const r = b * k + i;
      const [a0, a1, a2, a3] = [boxes[4 * r]!, boxes[4 * r + 1]!, boxes[4 * r + 2]!, boxes[4 * r + 3]!];
      const [x1, y1, x2, y2] = yFirst ? [a1, a0, a3, a2] : [a0, a1, a2, a3];
      const corners = spec.normalized ? fromNormalized(meta, x1, y1, x2, y2) : { x1, y1, x2, y2 };
      raw.push({ categoryId: Math.round(classes[r]!) + (spec.labelBase === 0 ? 1 : 0), score: scores[r]!, ...corners });
    }
    return toCoco(meta, raw, options);
  });
}
