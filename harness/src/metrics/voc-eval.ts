/**
 * PASCAL VOC average precision, following `voc_eval.py` as shipped with py-faster-rcnn and
 * Detectron (the code behind published VOC numbers). Its conventions, kept on purpose:
 * - Boxes are `[xmin, ymin, xmax, ymax]` in inclusive pixel coordinates: widths and heights are
 *   `max - min + 1` in both the intersection and the areas (see `vocIou`).
 * - Detections of one class are taken in descending score order over all images (a stable sort
 *   here: file order breaks ties; voc_eval's quicksort leaves ties unspecified).
 * - Each detection is compared with every ground truth box of its image and class, including
 *   ones already matched and difficult ones; only the single best overlap counts (first box on a
 *   tie). It is a true positive when that overlap is strictly greater than 0.5 and the box is
 *   neither difficult nor already matched; an already matched box makes it a false positive
 *   (no fall-back to the second best); a difficult box makes it neither.
 * - Difficult boxes are not counted in the number of positives.
 * - precision = tp / max(tp + fp, eps), recall = tp / npos.
 * - VOC2007 (`use_07_metric`): 11-point interpolation, mean over t in 0, 0.1, ..., 1 of the
 *   highest precision at recall >= t (0 when none).
 * - VOC2010+: area under the precision envelope (precision made monotone right to left, with
 *   sentinels recall 0 / 1 and precision 0 / 0), summed where recall changes.
 * - A class without positives has no AP (voc_eval would divide by zero); it is reported as null
 *   and left out of the mean.
 * Pure: takes data, returns data.
 */
import { type VocBox, vocIou } from './iou.js';
import { numpyMean, numpySum } from './numpy-mean.js';

export type VocMetric = 'voc07' | 'voc12';

export interface VocGroundTruthBox {
  imageId: number | string;
  box: VocBox;
  difficult: boolean;
}

export interface VocDetectionBox {
  imageId: number | string;
  box: VocBox;
  score: number;
}

export interface VocClassResult {
  /** null when the class has no non-difficult ground truth. */
  ap: number | null;
  npos: number;
  tp: number;
  fp: number;
  /** Cumulative recall and precision per detection, in score order. */
  recall: Float64Array;
  precision: Float64Array;
}

/** `voc_ap(rec, prec, use_07_metric)` */
export function vocAp(rec: ArrayLike<number>, prec: ArrayLike<number>, use07Metric: boolean): number {
  const n = rec.length;
  if (use07Metric) {
    let ap = 0;
    for (let i = 0; i <= 10; i += 1) {
      const t = i * 0.1; // np.arange(0., 1.1, 0.1)
      let p = -Infinity;
      for (let j = 0; j < n; j += 1) if (rec[j]! >= t && prec[j]! > p) p = prec[j]!;
      ap += (p === -Infinity ? 0 : p) / 11;
    }
    return ap;
  }
  const mrec = new Float64Array(n + 2);
  const mpre = new Float64Array(n + 2);
  for (let j = 0; j < n; j += 1) {
    mrec[j + 1] = rec[j]!;
    mpre[j + 1] = prec[j]!;
  }
  mrec[n + 1] = 1;
  for (let i = n + 1; i > 0; i -= 1) mpre[i - 1] = Math.max(mpre[i - 1]!, mpre[i]!);
  const terms: number[] = [];
  for (let i = 0; i < n + 1; i += 1) if (mrec[i + 1] !== mrec[i]) terms.push((mrec[i + 1]! - mrec[i]!) * mpre[i + 1]!);
  return numpySum(terms);
}

/** `voc_eval` for one class: `gts` and `dets` hold only that class's boxes. */
export function evaluateVocClass(
  gts: readonly VocGroundTruthBox[],
  dets: readonly VocDetectionBox[],
  options: { use07Metric: boolean; iouThreshold?: number },
): VocClassResult {
  const threshold = options.iouThreshold ?? 0.5;
  const byImage = new Map<number | string, { boxes: VocGroundTruthBox[]; used: boolean[] }>();
  let npos = 0;
  for (const g of gts) {
    let rec = byImage.get(g.imageId);
    if (!rec) byImage.set(g.imageId, (rec = { boxes: [], used: [] }));
    rec.boxes.push(g);
    rec.used.push(false);
    if (!g.difficult) npos += 1;
  }
  const order = dets.map((_, i) => i).sort((a, b) => dets[b]!.score - dets[a]!.score || a - b);
  const nd = order.length;
  const recall = new Float64Array(nd);
  const precision = new Float64Array(nd);
  let tp = 0;
  let fp = 0;
  for (let j = 0; j < nd; j += 1) {
    const det = dets[order[j]!]!;
    const rec = byImage.get(det.imageId);
    let ovmax = -Infinity;
    let jmax = -1;
    for (let g = 0; rec && g < rec.boxes.length; g += 1) {
      const ov = vocIou(det.box, rec.boxes[g]!.box);
      if (ov > ovmax) {
        ovmax = ov;
        jmax = g;
      }
    }
    if (rec && jmax >= 0 && ovmax > threshold) {
      if (!rec.boxes[jmax]!.difficult) {
        if (!rec.used[jmax]) {
          tp += 1;
          rec.used[jmax] = true;
        } else fp += 1;
      }
    } else fp += 1;
    recall[j] = tp / npos;
    precision[j] = tp / Math.max(tp + fp, Number.EPSILON);
  }
  const ap = npos > 0 ? vocAp(recall, precision, options.use07Metric) : null;
  return { ap, npos, tp, fp, recall, precision };
}

export interface VocEvalResult {
  metric: VocMetric;
  /** Mean AP over the classes that have positives; null when none has. */
  map: number | null;
  perClass: { key: string | number; result: VocClassResult }[];
}

/** All classes: mean of the per-class APs that are defined (`np.mean(aps)`). */
export function evaluateVoc(
  classes: readonly { key: string | number; gts: readonly VocGroundTruthBox[]; dets: readonly VocDetectionBox[] }[],
  metric: VocMetric,
): VocEvalResult {
  const perClass = classes.map((c) => ({ key: c.key, result: evaluateVocClass(c.gts, c.dets, { use07Metric: metric === 'voc07' }) }));
  const aps = perClass.map((c) => c.result.ap).filter((ap): ap is number => ap !== null);
  return { metric, map: aps.length > 0 ? numpyMean(aps) : null, perClass };
}
