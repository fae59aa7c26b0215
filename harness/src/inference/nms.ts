/**
 * Per-class greedy NMS as in Caffe SSD's DetectionOutput (ApplyNMSFast with eta = 1, then the
 * cross-class keep_top_k cut). Pure; boxes are shared by all classes (share_location = true).
 *
 * For each class except the background:
 *   1. candidates: boxes whose score is strictly greater than `confidenceThreshold`, sorted by score
 *      descending (stable: equal scores keep box order, like Caffe's std::stable_sort), cut to
 *      `topKBefore` (a negative value means no cut);
 *   2. greedy: a candidate is kept when its IoU with every box already kept for that class is
 *      <= `iouThreshold`.
 * Then, when more than `keepTopK` boxes survive over all classes (negative = no cap), only the
 * `keepTopK` best scores are kept (stable on ties).
 * Result order: class ascending, score descending within a class (Caffe's output order).
 * IoU follows Caffe's normalised-box convention: areas without the +1 pixel.
 */
import type { NmsSpec } from './model-spec.js';

export interface NmsInput {
  /** numBoxes x 4 corners (xmin, ymin, xmax, ymax), any consistent unit. */
  boxes: ArrayLike<number>;
  /** numBoxes x numClasses scores, row-major. */
  scores: ArrayLike<number>;
  numBoxes: number;
  numClasses: number;
  /** Class index skipped as background; negative when the model has none. */
  backgroundClass: number;
}

export interface NmsDetection {
  classIndex: number;
  /** Box (prior) index into `boxes`. */
  boxIndex: number;
  score: number;
}

export function nmsPerClass(input: NmsInput, spec: NmsSpec): NmsDetection[] {
  const { boxes, scores, numBoxes, numClasses, backgroundClass } = input;
  let all: NmsDetection[] = [];
  for (let c = 0; c < numClasses; c += 1) {
    if (c === backgroundClass) continue;
    const candidates: NmsDetection[] = [];
    for (let i = 0; i < numBoxes; i += 1) {
      const s = scores[i * numClasses + c]!;
      if (s > spec.confidenceThreshold) candidates.push({ classIndex: c, boxIndex: i, score: s });
    }
    candidates.sort((a, b) => b.score - a.score);
    if (spec.topKBefore >= 0 && candidates.length > spec.topKBefore) candidates.length = spec.topKBefore;
    const kept = greedy(boxes, candidates, spec.iouThreshold);
    for (const d of kept) all.push(d);
  }
  if (spec.keepTopK >= 0 && all.length > spec.keepTopK) {
    const best = [...all].sort((a, b) => b.score - a.score).slice(0, spec.keepTopK);
    all = best.sort((a, b) => a.classIndex - b.classIndex || b.score - a.score);
  }
  return all;
}

/** Greedy suppression of score-sorted candidates of one class. */
function greedy(boxes: ArrayLike<number>, sorted: NmsDetection[], iouThreshold: number): NmsDetection[] {
  const kept: NmsDetection[] = [];
  for (const cand of sorted) {
    let keep = true;
    for (const k of kept) {
      if (iou(boxes, cand.boxIndex, k.boxIndex) > iouThreshold) {
        keep = false;
        break;
      }
    }
    if (keep) kept.push(cand);
  }
  return kept;
}

/** Caffe's JaccardOverlap for normalised boxes; an inverted box has area 0. */
export function iou(boxes: ArrayLike<number>, i: number, j: number): number {
  const ax1 = boxes[4 * i]!, ay1 = boxes[4 * i + 1]!, ax2 = boxes[4 * i + 2]!, ay2 = boxes[4 * i + 3]!;
  const bx1 = boxes[4 * j]!, by1 = boxes[4 * j + 1]!, bx2 = boxes[4 * j + 2]!, by2 = boxes[4 * j + 3]!;
  const iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
  const ih = Math.min(ay2, by2) - Math.max(ay1, by1);
  if (!(iw > 0 && ih > 0)) return 0;
  const inter = iw * ih;
  const areaA = ax2 < ax1 || ay2 < ay1 ? 0 : (ax2 - ax1) * (ay2 - ay1);
  const areaB = bx2 < bx1 || by2 < by1 ? 0 : (bx2 - bx1) * (by2 - by1);
  return inter / (areaA + areaB - inter);
}
