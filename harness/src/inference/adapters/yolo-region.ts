/**
 * YOLOv2's region layer (Tiny-YOLO-v2): the raw tensor `region` [B, A·(5+C), H, W], anchors in
 * grid cells, no background class. Anchor-major channels: anchor a, field k is channel
 * a·(5+C) + k with k = 0 tx, 1 ty, 2 tw, 3 th, 4 objectness, 5+c the logit of class c. For the
 * cell in column cx, row cy:
 *   bx = (cx + σ(tx)) / W      by = (cy + σ(ty)) / H      (normalised centre)
 *   bw = anchor_w · e^tw / W   bh = anchor_h · e^th / H   (normalised size)
 *   score_c = σ(objectness) · softmax(class logits)_c
 * Boxes are indexed (a·H + cy)·W + cx; then the per-class NMS of `nms` (no background class), and
 * class c becomes category c + 1. Computed in float64, like the reference decoder the model was
 * validated with in training (golden/train/yolo.py decode()). Pure.
 */
import type { CocoDetection, NmsSpec } from '../model-spec.js';
import type { ImageMeta } from '../image-meta.js';
import { nmsPerClass } from '../nms.js';
import { requireOutput, shapeError, toNumbers, type OutputMap } from '../tensor-like.js';
import { categoryIdFor } from './class-mapping.js';
import { fromNormalized, toCoco, type DecodeOptions } from './to-coco.js';

export interface YoloRegionSpec {
  region: string;
  /** [w, h] per anchor, in grid cells. */
  anchors: ReadonlyArray<readonly [number, number]>;
  classesInOutput: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** One image's boxes (A·H·W × 4 normalised corners) and scores (A·H·W × C) from its region tensor. */
export function decodeRegion(region: ArrayLike<number>, offset: number, spec: YoloRegionSpec, h: number, w: number): { boxes: Float64Array; scores: Float64Array } {
  const a = spec.anchors.length;
  const c = spec.classesInOutput;
  const plane = h * w;
  const boxes = new Float64Array(a * plane * 4);
  const scores = new Float64Array(a * plane * c);
  const logits = new Float64Array(c);
  for (let k = 0; k < a; k += 1) {
    const base = offset + k * (5 + c) * plane;
    const [aw, ah] = spec.anchors[k]!;
    for (let cy = 0; cy < h; cy += 1) {
      for (let cx = 0; cx < w; cx += 1) {
        const cell = cy * w + cx;
        const at = (field: number) => region[base + field * plane + cell]!;
        const bx = (cx + sigmoid(at(0))) / w;
        const by = (cy + sigmoid(at(1))) / h;
        const bw = (aw * Math.exp(at(2))) / w;
        const bh = (ah * Math.exp(at(3))) / h;
        const i = k * plane + cell;
        boxes[4 * i] = bx - bw / 2;
        boxes[4 * i + 1] = by - bh / 2;
        boxes[4 * i + 2] = bx + bw / 2;
        boxes[4 * i + 3] = by + bh / 2;
        const objectness = sigmoid(at(4));
        let max = -Infinity;
        for (let j = 0; j < c; j += 1) max = Math.max(max, (logits[j] = at(5 + j)));
        let sum = 0;
        for (let j = 0; j < c; j += 1) sum += (logits[j] = Math.exp(logits[j]! - max));
        for (let j = 0; j < c; j += 1) scores[i * c + j] = (objectness * logits[j]!) / sum;
      }
    }
  }
  return { boxes, scores };
}

export function decodeYoloRegion(spec: YoloRegionSpec, nms: NmsSpec, outputs: OutputMap, metas: readonly ImageMeta[], options: DecodeOptions = {}): CocoDetection[] {
  const t = requireOutput(outputs, spec.region, 'region');
  const [batch, channels, h, w] = t.dims;
  const expected = spec.anchors.length * (5 + spec.classesInOutput);
  if (t.dims.length !== 4 || batch !== metas.length || channels !== expected || !(h! > 0) || !(w! > 0)) {
    throw shapeError(`output ${spec.region}`, `expected region [${metas.length}, ${expected} = ${spec.anchors.length} anchors x (5 + ${spec.classesInOutput} classes), H, W]`, t);
  }
  const data = toNumbers(t);
  const out: CocoDetection[] = [];
  metas.forEach((meta, b) => {
    const { boxes, scores } = decodeRegion(data, b * expected * h! * w!, spec, h!, w!);
    const numBoxes = spec.anchors.length * h! * w!;
    const kept = nmsPerClass({ boxes, scores, numBoxes, numClasses: spec.classesInOutput, backgroundClass: -1 }, nms);
    const raw = kept.map((d) => ({
      categoryId: categoryIdFor(d.classIndex, -1),
      score: d.score,
      ...fromNormalized(meta, boxes[4 * d.boxIndex]!, boxes[4 * d.boxIndex + 1]!, boxes[4 * d.boxIndex + 2]!, boxes[4 * d.boxIndex + 3]!),
    }));
    out.push(...toCoco(meta, raw, options));
  });
  return out;
}
