/**
 * Box overlap, in the two conventions hil needs. Both are pure and allocation-free.
 *
 * - COCO (pycocotools `maskApi.c` `bbIou`): boxes are `[x, y, w, h]` in continuous coordinates;
 *   a crowd ground truth divides the intersection by the detection's own area, so a detection
 *   inside a crowd region overlaps it fully. The ground-truth area here is `w * h` of its box, not
 *   its `area` field (that one only decides the area range). The arithmetic follows the C code
 *   operation for operation so results are bit-identical.
 * - PASCAL VOC (`voc_eval.py`): boxes are `[xmin, ymin, xmax, ymax]` in inclusive pixel
 *   coordinates, so widths and heights are `max - min + 1`.
 */

/** `[x, y, w, h]` (COCO) */
export type XywhBox = readonly [number, number, number, number];
/** `[xmin, ymin, xmax, ymax]`, inclusive pixel coordinates (PASCAL VOC) */
export type VocBox = readonly [number, number, number, number];

/**
 * IoU of detection `d` and ground truth `g`, reading `[x, y, w, h]` quadruples at offsets
 * `di * 4` of `dt` and `gi * 4` of `gt` (typed arrays keep the evaluator's hot loop flat).
 */
export function cocoIouAt(
  dt: ArrayLike<number>,
  di: number,
  gt: ArrayLike<number>,
  gi: number,
  crowd: boolean,
): number {
  const dx = dt[di * 4]!;
  const dy = dt[di * 4 + 1]!;
  const dw = dt[di * 4 + 2]!;
  const dh = dt[di * 4 + 3]!;
  const gx = gt[gi * 4]!;
  const gy = gt[gi * 4 + 1]!;
  const gw = gt[gi * 4 + 2]!;
  const gh = gt[gi * 4 + 3]!;
  const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
  if (w <= 0) return 0;
  const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
  if (h <= 0) return 0;
  const i = w * h;
  const da = dw * dh;
  const u = crowd ? da : da + gw * gh - i;
  return i / u;
}

/** COCO IoU of two `[x, y, w, h]` boxes; `crowd` marks the ground truth `g` as a crowd region. */
export function cocoIou(d: XywhBox, g: XywhBox, crowd = false): number {
  return cocoIouAt(d, 0, g, 0, crowd);
}

/** PASCAL VOC IoU of two inclusive-pixel boxes, with voc_eval's `+ 1` on widths and heights. */
export function vocIou(a: VocBox, b: VocBox): number {
  const iw = Math.max(Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + 1, 0);
  const ih = Math.max(Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + 1, 0);
  const inter = iw * ih;
  const uni = (a[2] - a[0] + 1) * (a[3] - a[1] + 1) + (b[2] - b[0] + 1) * (b[3] - b[1] + 1) - inter;
  return inter / uni;
}
