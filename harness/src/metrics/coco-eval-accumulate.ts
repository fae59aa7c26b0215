/**
 * pycocotools `COCOeval.accumulate`: per category, area range and maxDets, the detections of all
 * images (ascending image id, each image's best `maxDet`) are merged by a stable sort on
 * descending score, and TP / FP counts become precision / recall the way numpy computes them:
 * cumulative counts as doubles, `rc = tp / npig`, `pr = tp / (fp + tp + eps)` with
 * eps = np.spacing(1); ignored detections count as neither.
 * Precision is made monotone right to left, then sampled at the recall thresholds with
 * `searchsorted(side='left')`; thresholds beyond the highest recall stay 0. Settings with no
 * non-ignored ground truth stay -1 in both arrays.
 */
import { COCO_AREA_RANGES, COCO_IOU_THRESHOLDS, COCO_MAX_DETS, COCO_RECALL_THRESHOLDS } from './coco-eval-params.js';
import type { MatchedDetections } from './coco-eval-match.js';

export interface CocoAccumulation {
  /** T, R, K, A, M as in pycocotools `eval['counts']`. */
  counts: [number, number, number, number, number];
  /** `[T][R][K][A][M]` in C order; -1 where the category has no ground truth in range. */
  precision: Float64Array;
  /** `[T][K][A][M]` in C order; -1 likewise. */
  recall: Float64Array;
}

/** np.spacing(1) */
const EPS = Number.EPSILON;

export function accumulateCoco(matched: MatchedDetections, K: number): CocoAccumulation {
  const T = COCO_IOU_THRESHOLDS.length;
  const R = COCO_RECALL_THRESHOLDS.length;
  const A = COCO_AREA_RANGES.length;
  const M = COCO_MAX_DETS.length;
  const recThrs = Float64Array.from(COCO_RECALL_THRESHOLDS);
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  let rc = new Float64Array(0);
  let pr = new Float64Array(0);
  let states = new Uint32Array(0);

  for (let k = 0; k < K; k += 1) {
    const start = matched.catStart[k]!;
    const end = matched.catStart[k + 1]!;
    // mergesort(-score) over the concatenation == sort by (score desc, concatenation position).
    const sorted = stableOrderByScore(matched.score, start, end);
    for (let m = 0; m < M; m += 1) {
      const maxDet = COCO_MAX_DETS[m]!;
      let nd = 0;
      for (const pos of sorted) if (matched.rank[pos]! < maxDet) nd += 1;
      if (rc.length < nd) {
        rc = new Float64Array(nd * 2);
        pr = new Float64Array(nd * 2);
      }
      if (states.length < nd * A) states = new Uint32Array(nd * A * 2);
      let j = 0;
      for (const pos of sorted) {
        if (matched.rank[pos]! >= maxDet) continue;
        for (let a = 0; a < A; a += 1) states[a * nd + j] = matched.state[pos * A + a]!;
        j += 1;
      }
      for (let a = 0; a < A; a += 1) {
        const npig = matched.npig[k * A + a]!;
        if (npig === 0) continue;
        for (let t = 0; t < T; t += 1) {
          const tpBit = 1 << t;
          const igBit = 1 << (T + t);
          // Ignored detections are skipped rather than stored: in pycocotools they only repeat the
          // previous (rc, pr) point, or (0, 0) before the first counted one, and neither the
          // envelope nor searchsorted(left) can land on such a repeat with a different value.
          let tp = 0;
          let fp = 0;
          let n = 0;
          for (let i = 0; i < nd; i += 1) {
            const st = states[a * nd + i]!;
            if (st & igBit) continue;
            if (st & tpBit) tp += 1;
            else fp += 1;
            rc[n] = tp / npig;
            pr[n] = tp / (fp + tp + EPS);
            n += 1;
          }
          recall[((t * K + k) * A + a) * M + m] = n > 0 ? rc[n - 1]! : 0;
          for (let i = n - 1; i > 0; i -= 1) if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
          let idx = 0;
          for (let r = 0; r < R; r += 1) {
            const thr = recThrs[r]!;
            while (idx < n && rc[idx]! < thr) idx += 1;
            precision[(((t * R + r) * K + k) * A + a) * M + m] = idx < n ? pr[idx]! : 0;
          }
        }
      }
    }
  }
  return { counts: [T, R, K, A, M], precision, recall };
}

/**
 * Positions `[start, end)` ordered by descending score, ties by ascending position: what a stable
 * sort on -score gives. Done as a native numeric sort of the scores (no comparator callback, which
 * dominated the time on 500k detections) followed by a stable counting sort on the score's rank.
 */
function stableOrderByScore(score: Float64Array, start: number, end: number): Int32Array {
  const n = end - start;
  const keys = new Float64Array(n);
  // `+ 0` turns -0 into +0: the two compare equal in numpy and must share a bucket here.
  for (let i = 0; i < n; i += 1) keys[i] = score[start + i]! + 0;
  keys.sort();
  const distinct: number[] = [];
  for (let i = n - 1; i >= 0; i -= 1) if (distinct.length === 0 || keys[i] !== distinct[distinct.length - 1]) distinct.push(keys[i]!);
  const bucketOf = new Int32Array(n);
  const count = new Int32Array(distinct.length + 1);
  for (let i = 0; i < n; i += 1) {
    const s = score[start + i]!;
    let lo = 0;
    let hi = distinct.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! > s) lo = mid + 1;
      else hi = mid;
    }
    bucketOf[i] = lo;
    count[lo + 1]! += 1;
  }
  for (let b = 0; b < distinct.length; b += 1) count[b + 1]! += count[b]!;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i += 1) order[count[bucketOf[i]!]!++] = start + i;
  return order;
}
