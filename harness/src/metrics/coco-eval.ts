/**
 * COCO bbox mAP, identical to pycocotools `COCOeval(gt, dt, 'bbox')` followed by `evaluate()`,
 * `accumulate()` and `summarize()` with default parameters: the same 12 `stats`, the same
 * `precision` / `recall` arrays, to the last bit where numpy's arithmetic allows it.
 *
 * What "identical" covers (see the step modules for details):
 * - images and categories: all of the ground truth's, sorted by id (categories without ground truth
 *   are -1 and drop out of the means); detections of unknown images or categories are skipped;
 * - IoU thresholds .50:.05:.95, 101 recall points, area ranges inclusive at both ends using the
 *   ground truth's `area` field and the detection's `w * h`;
 * - crowd regions: IoU over the detection's area, never a miss, matched detections ignored;
 * - maxDets 1 / 10 / 100 per image and category; score ties: file order within an image, then
 *   ascending image id across images (stable sorts, as numpy's mergesort);
 * - precision envelope right to left, `searchsorted` left, 0 beyond the highest recall.
 * Pure: takes data, returns data.
 */
import { accumulateCoco, type CocoAccumulation } from './coco-eval-accumulate.js';
import { matchCocoDetections } from './coco-eval-match.js';
import { prepareCocoEval } from './coco-eval-prepare.js';
import { formatCocoSummary, summarizeCoco, summarizeSetting } from './coco-eval-summarize.js';
import type { CocoEvalDetection, CocoEvalGroundTruth } from './coco-types.js';

/** Per-category figures for reports; null where the category has no ground truth in range. */
export interface CocoCategoryResult {
  categoryId: number;
  name: string | undefined;
  /** Non-crowd ground-truth boxes (area range "all"). */
  numGt: number;
  /** AP@[.50:.95], area all, maxDets 100 */
  ap: number | null;
  /** AP@.50 */
  ap50: number | null;
  /** AP@.75 */
  ap75: number | null;
  /** AR@[.50:.95] with maxDets 100 */
  ar100: number | null;
}

export interface CocoEvalResult extends CocoAccumulation {
  /** `COCOeval.stats`: AP, AP50, AP75, AP S/M/L, AR1, AR10, AR100, AR S/M/L; -1 where undefined. */
  stats: number[];
  imageIds: number[];
  categoryIds: number[];
  perCategory: CocoCategoryResult[];
}

/** Names of the 12 stats, in order, for JSON and reports. */
export const COCO_STAT_NAMES = [
  'AP', 'AP50', 'AP75', 'APs', 'APm', 'APl', 'AR1', 'AR10', 'AR100', 'ARs', 'ARm', 'ARl',
] as const;

const orNull = (v: number): number | null => (v > -1 ? v : null);

export function evaluateCoco(gt: CocoEvalGroundTruth, detections: readonly CocoEvalDetection[]): CocoEvalResult {
  const prepared = prepareCocoEval(gt, detections);
  const matched = matchCocoDetections(prepared);
  const K = prepared.categoryIds.length;
  const acc = accumulateCoco(matched, K);
  const stats = summarizeCoco(acc);
  const perCategory = prepared.categoryIds.map((categoryId, k): CocoCategoryResult => {
    const one = [k];
    return {
      categoryId,
      name: prepared.categoryNames[k],
      numGt: matched.npig[k * acc.counts[3]]!,
      ap: orNull(summarizeSetting(acc, { kind: 'AP', iouThreshold: null, area: 'all', maxDets: 100 }, one)),
      ap50: orNull(summarizeSetting(acc, { kind: 'AP', iouThreshold: 0.5, area: 'all', maxDets: 100 }, one)),
      ap75: orNull(summarizeSetting(acc, { kind: 'AP', iouThreshold: 0.75, area: 'all', maxDets: 100 }, one)),
      ar100: orNull(summarizeSetting(acc, { kind: 'AR', iouThreshold: null, area: 'all', maxDets: 100 }, one)),
    };
  });
  return { ...acc, stats, imageIds: prepared.imageIds, categoryIds: prepared.categoryIds, perCategory };
}

export { formatCocoSummary };
