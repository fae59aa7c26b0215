/**
 * pycocotools `COCOeval.evaluate` (computeIoU + evaluateImg) for every (category, image) group:
 * detections sorted by score with a stable sort (file order breaks ties) and capped at the largest
 * maxDets, ground truth outside the area range or crowd marked ignored and moved last (stable),
 * then greedy matching per IoU threshold exactly as `evaluateImg` does it, including its quirks:
 * - the best ground truth is the last one with the highest IoU >= t (`<` skips, `>=` replaces);
 * - once matched to a regular ground truth, the scan stops at the first ignored one;
 * - crowd ground truth can be matched any number of times;
 * - a match whose ground-truth `id` is 0 counts as "no match" (pycocotools stores the id and
 *   tests it for truth), while the ground truth is still used up.
 * The result per detection and area range is packed in bits: bit t = true positive at threshold t,
 * bit T + t = ignored at threshold t (neither TP nor FP); anything else is a false positive.
 */
import { COCO_AREA_RANGES, COCO_IOU_THRESHOLDS, COCO_MAX_DETS, COCO_MAX_IOU_THRESHOLD } from './coco-eval-params.js';
import type { PreparedEval } from './coco-eval-prepare.js';
import { cocoIouAt } from './iou.js';

export interface MatchedDetections {
  /** Kept detections, in pycocotools' concatenation order: category, image ascending, rank. */
  count: number;
  score: Float64Array;
  /** Rank within its (image, category) after the stable score sort; 0 is the highest score. */
  rank: Int32Array;
  /** `[count * A]` packed TP / ignore bits (see the file comment). */
  state: Uint32Array;
  /** `[K + 1]` offsets of each category's detections. */
  catStart: Int32Array;
  /** `[K * A]` ground truth that is not ignored, per category and area range. */
  npig: Int32Array;
}

const T = COCO_IOU_THRESHOLDS.length;
const A = COCO_AREA_RANGES.length;
const THRESHOLDS = Float64Array.from(COCO_IOU_THRESHOLDS, (t) => Math.min(t, COCO_MAX_IOU_THRESHOLD));

/** Grows a scratch buffer only when a group needs more room, so the loop allocates rarely. */
class Scratch {
  ious = new Float64Array(1024);
  dOrd = new Int32Array(256);
  gOrd = new Int32Array(64);
  gIg = new Uint8Array(64);
  gCrowd = new Uint8Array(64);
  gIdNonZero = new Uint8Array(64);
  gUsed = new Uint8Array(64);
  reserve(d: number, g: number): void {
    if (this.ious.length < d * g) this.ious = new Float64Array(d * g * 2);
    if (this.dOrd.length < d) this.dOrd = new Int32Array(d * 2);
    if (this.gOrd.length < g) {
      this.gOrd = new Int32Array(g * 2);
      this.gIg = new Uint8Array(g * 2);
      this.gCrowd = new Uint8Array(g * 2);
      this.gIdNonZero = new Uint8Array(g * 2);
      this.gUsed = new Uint8Array(g * 2);
    }
  }
}

/** Stable sort of detection positions `[start, end)` by descending score into `out`. */
function sortByScore(score: Float64Array, start: number, end: number, out: Int32Array): void {
  const n = end - start;
  if (n > 64) {
    const idx = Array.from({ length: n }, (_, i) => start + i);
    idx.sort((a, b) => score[b]! - score[a]! || a - b);
    for (let i = 0; i < n; i += 1) out[i] = idx[i]!;
    return;
  }
  for (let i = 0; i < n; i += 1) {
    const x = start + i;
    const s = score[x]!;
    let j = i - 1;
    while (j >= 0 && score[out[j]!]! < s) {
      out[j + 1] = out[j]!;
      j -= 1;
    }
    out[j + 1] = x;
  }
}

export function matchCocoDetections(p: PreparedEval): MatchedDetections {
  const nImg = p.imageIds.length;
  const K = p.categoryIds.length;
  const maxDet = COCO_MAX_DETS[COCO_MAX_DETS.length - 1]!;
  const { gt, dt } = p;
  const capacity = dt.count;
  const out: MatchedDetections = {
    count: 0,
    score: new Float64Array(capacity),
    rank: new Int32Array(capacity),
    state: new Uint32Array(capacity * A),
    catStart: new Int32Array(K + 1),
    npig: new Int32Array(K * A),
  };
  const s = new Scratch();
  let gp = 0;
  let dp = 0;
  let lastCat = 0;
  while (gp < gt.count || dp < dt.count) {
    const gKey = gp < gt.count ? gt.cat[gp]! * nImg + gt.img[gp]! : Infinity;
    const dKey = dp < dt.count ? dt.cat[dp]! * nImg + dt.img[dp]! : Infinity;
    const key = Math.min(gKey, dKey);
    const k = Math.floor(key / nImg);
    let ge = gp;
    while (ge < gt.count && gt.cat[ge]! * nImg + gt.img[ge]! === key) ge += 1;
    let de = dp;
    while (de < dt.count && dt.cat[de]! * nImg + dt.img[de]! === key) de += 1;
    while (lastCat < k) out.catStart[++lastCat] = out.count;
    evaluateGroup(p, out, s, k, gp, ge, dp, de, maxDet);
    gp = ge;
    dp = de;
  }
  while (lastCat < K) out.catStart[++lastCat] = out.count;
  return out;
}

function evaluateGroup(
  p: PreparedEval,
  out: MatchedDetections,
  s: Scratch,
  k: number,
  gs: number,
  ge: number,
  ds: number,
  de: number,
  maxDet: number,
): void {
  const { gt, dt } = p;
  const G = ge - gs;
  const D = Math.min(de - ds, maxDet);
  s.reserve(de - ds, G);
  sortByScore(dt.score, ds, de, s.dOrd);
  const { ious, dOrd, gOrd, gIg, gCrowd, gIdNonZero, gUsed } = s;
  const base = out.count;
  for (let r = 0; r < D; r += 1) {
    out.score[base + r] = dt.score[dOrd[r]!]!;
    out.rank[base + r] = r;
  }
  out.count += D;
  const match = G > 0 && D > 0;
  if (match) {
    for (let d = 0; d < D; d += 1) {
      for (let g = 0; g < G; g += 1) ious[d * G + g] = cocoIouAt(dt.box, dOrd[d]!, gt.box, gs + g, gt.crowd[gs + g] === 1);
    }
  }
  for (let a = 0; a < A; a += 1) {
    const { min, max } = COCO_AREA_RANGES[a]!;
    // Ground truth: ignored ones last, each part in file order (a stable argsort of _ignore).
    let n = 0;
    for (let pass = 0; pass < 2; pass += 1) {
      for (let g = 0; g < G; g += 1) {
        const area = gt.area[gs + g]!;
        const ig = gt.crowd[gs + g] === 1 || area < min || area > max ? 1 : 0;
        if (ig !== pass) continue;
        gOrd[n] = g;
        gIg[n] = ig;
        gCrowd[n] = gt.crowd[gs + g]!;
        gIdNonZero[n] = gt.id[gs + g] !== 0 ? 1 : 0;
        n += 1;
      }
      if (pass === 0) out.npig[k * A + a]! += n;
    }
    for (let r = 0; r < D; r += 1) {
      const dArea = dt.area[dOrd[r]!]!;
      const outside = dArea < min || dArea > max;
      out.state[(base + r) * A + a] = outside ? ((1 << T) - 1) << T : 0;
    }
    if (!match) continue;
    for (let t = 0; t < T; t += 1) {
      const thr = THRESHOLDS[t]!;
      gUsed.fill(0, 0, G);
      for (let d = 0; d < D; d += 1) {
        let iou = thr;
        let m = -1;
        const row = d * G;
        for (let j = 0; j < G; j += 1) {
          if (gUsed[j] === 1 && gCrowd[j] === 0) continue;
          if (m > -1 && gIg[m] === 0 && gIg[j] === 1) break;
          const v = ious[row + gOrd[j]!]!;
          if (v < iou) continue;
          iou = v;
          m = j;
        }
        if (m === -1) continue;
        gUsed[m] = 1;
        const si = (base + d) * A + a;
        const dtm = gIdNonZero[m] === 1;
        // dtIgnore = gtIgnore of the match, or (dtm == 0 and outside the area range).
        let ig = gIg[m] === 1;
        if (!dtm && (out.state[si]! >>> (T + t)) & 1) ig = true;
        let st = out.state[si]! & ~(1 << (T + t));
        if (ig) st |= 1 << (T + t);
        else if (dtm) st |= 1 << t;
        out.state[si] = st >>> 0;
      }
    }
  }
}
