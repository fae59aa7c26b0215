/**
 * COCOeval's default bbox parameters (pycocotools `Params.setDetParams`), computed the way numpy
 * computes them so that threshold comparisons land on exactly the same doubles.
 */

/** numpy.linspace(start, stop, num) with endpoint=True: `i * step + start`, last element = stop. */
export function numpyLinspace(start: number, stop: number, num: number): number[] {
  const div = num - 1;
  const step = (stop - start) / div;
  const out: number[] = [];
  for (let i = 0; i < num; i += 1) out.push(i * step + start);
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** IoU thresholds .50:.05:.95 (T = 10); index 0 is .50, index 5 is .75. */
export const COCO_IOU_THRESHOLDS: readonly number[] = numpyLinspace(0.5, 0.95, 10);

/** Recall sampling points 0:.01:1 (R = 101). */
export const COCO_RECALL_THRESHOLDS: readonly number[] = numpyLinspace(0, 1, 101);

export type CocoAreaLabel = 'all' | 'small' | 'medium' | 'large';

/** Area ranges, inclusive at both ends (a box of area exactly 32² is both small and medium). */
export const COCO_AREA_RANGES: readonly { label: CocoAreaLabel; min: number; max: number }[] = [
  { label: 'all', min: 0 ** 2, max: 1e5 ** 2 },
  { label: 'small', min: 0 ** 2, max: 32 ** 2 },
  { label: 'medium', min: 32 ** 2, max: 96 ** 2 },
  { label: 'large', min: 96 ** 2, max: 1e5 ** 2 },
];

/** Detections kept per image and category for the three recall/precision settings. */
export const COCO_MAX_DETS: readonly number[] = [1, 10, 100];

/** pycocotools caps a match threshold just below 1 so that IoU 1.0 still matches at t = 1. */
export const COCO_MAX_IOU_THRESHOLD = 1 - 1e-10;
