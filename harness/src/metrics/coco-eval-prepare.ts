/**
 * Turns ground truth and detections into flat typed arrays grouped by (category, image): the
 * order pycocotools' `_prepare` builds with its per-key lists (file order within an image), laid
 * out category-major with images ascending, which is also the order `accumulate` concatenates.
 */
import type { CocoEvalDetection, CocoEvalGroundTruth } from './coco-types.js';

export interface PreparedBoxes {
  count: number;
  /** `[x, y, w, h]` per box, flattened. */
  box: Float64Array;
  /** Indices into the original array, sorted by (category, image, file order). */
  order: Int32Array;
  /** Category index (into `categoryIds`) of each position in `order`. */
  cat: Int32Array;
  /** Image index (into `imageIds`) of each position in `order`. */
  img: Int32Array;
}

export interface PreparedEval {
  imageIds: number[];
  categoryIds: number[];
  categoryNames: (string | undefined)[];
  gt: PreparedBoxes & { area: Float64Array; crowd: Uint8Array; id: Float64Array };
  dt: PreparedBoxes & { score: Float64Array; area: Float64Array };
}

/** Sorted unique ids, like `sorted(set(...))` / `np.unique`. */
function sortedUnique(ids: Iterable<number>): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

function indexOf(ids: number[]): Map<number, number> {
  const map = new Map<number, number>();
  ids.forEach((id, i) => map.set(id, i));
  return map;
}

/**
 * Stable two-pass counting sort (LSD: by image, then by category) of the items that belong to
 * known images and categories; items elsewhere are skipped, as pycocotools' `getAnnIds` filter does.
 */
function groupOrder(
  n: number,
  catOf: Int32Array,
  imgOf: Int32Array,
  nCat: number,
  nImg: number,
): { order: Int32Array; cat: Int32Array; img: Int32Array } {
  const kept: number[] = [];
  for (let i = 0; i < n; i += 1) if (catOf[i]! >= 0 && imgOf[i]! >= 0) kept.push(i);
  const byImg = countingSort(Int32Array.from(kept), imgOf, nImg);
  const order = countingSort(byImg, catOf, nCat);
  const cat = new Int32Array(order.length);
  const img = new Int32Array(order.length);
  for (let p = 0; p < order.length; p += 1) {
    cat[p] = catOf[order[p]!]!;
    img[p] = imgOf[order[p]!]!;
  }
  return { order, cat, img };
}

function countingSort(items: Int32Array, keyOf: Int32Array, nKeys: number): Int32Array {
  const start = new Int32Array(nKeys + 1);
  for (const it of items) start[keyOf[it]! + 1]! += 1;
  for (let k = 0; k < nKeys; k += 1) start[k + 1]! += start[k]!;
  const out = new Int32Array(items.length);
  for (const it of items) out[start[keyOf[it]!]!++] = it;
  return out;
}

export function prepareCocoEval(
  gt: CocoEvalGroundTruth,
  detections: readonly CocoEvalDetection[],
): PreparedEval {
  const imageIds = sortedUnique(gt.images.map((im) => im.id));
  const categoryIds = sortedUnique(gt.categories.map((c) => c.id));
  const imgIndex = indexOf(imageIds);
  const catIndex = indexOf(categoryIds);
  const names = new Map(gt.categories.map((c) => [c.id, c.name]));
  const categoryNames = categoryIds.map((id) => names.get(id));

  const anns = gt.annotations;
  const nG = anns.length;
  const gCat = new Int32Array(nG);
  const gImg = new Int32Array(nG);
  for (let i = 0; i < nG; i += 1) {
    gCat[i] = catIndex.get(anns[i]!.category_id) ?? -1;
    gImg[i] = imgIndex.get(anns[i]!.image_id) ?? -1;
  }
  const g = groupOrder(nG, gCat, gImg, categoryIds.length, imageIds.length);
  const gBox = new Float64Array(g.order.length * 4);
  const gArea = new Float64Array(g.order.length);
  const gCrowd = new Uint8Array(g.order.length);
  const gId = new Float64Array(g.order.length);
  for (let p = 0; p < g.order.length; p += 1) {
    const a = anns[g.order[p]!]!;
    for (let c = 0; c < 4; c += 1) gBox[p * 4 + c] = a.bbox[c]!;
    gArea[p] = a.area;
    // pycocotools: `int(o['iscrowd'])`, and ignore = truthiness of iscrowd.
    gCrowd[p] = a.iscrowd ? 1 : 0;
    gId[p] = a.id;
  }

  const nD = detections.length;
  const dCat = new Int32Array(nD);
  const dImg = new Int32Array(nD);
  for (let i = 0; i < nD; i += 1) {
    dCat[i] = catIndex.get(detections[i]!.category_id) ?? -1;
    dImg[i] = imgIndex.get(detections[i]!.image_id) ?? -1;
  }
  const d = groupOrder(nD, dCat, dImg, categoryIds.length, imageIds.length);
  const dBox = new Float64Array(d.order.length * 4);
  const dScore = new Float64Array(d.order.length);
  const dArea = new Float64Array(d.order.length);
  for (let p = 0; p < d.order.length; p += 1) {
    const det = detections[d.order[p]!]!;
    const bb = det.bbox;
    for (let c = 0; c < 4; c += 1) dBox[p * 4 + c] = bb[c]!;
    dScore[p] = det.score;
    // loadRes: a detection's area is its box's w * h.
    dArea[p] = bb[2]! * bb[3]!;
  }

  return {
    imageIds,
    categoryIds,
    categoryNames,
    gt: { count: g.order.length, box: gBox, order: g.order, cat: g.cat, img: g.img, area: gArea, crowd: gCrowd, id: gId },
    dt: { count: d.order.length, box: dBox, order: d.order, cat: d.cat, img: d.img, score: dScore, area: dArea },
  };
}
