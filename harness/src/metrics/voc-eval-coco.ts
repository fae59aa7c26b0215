/**
 * VOC AP on COCO-format files (what hil's golden datasets and detection results use).
 * A COCO box `[x, y, w, h]` becomes the inclusive VOC box `[x, y, x + w - 1, y + h - 1]`
 * (Detectron's `xywh_to_xyxy`), so a box's VOC width `xmax - xmin + 1` is its COCO width.
 * A ground truth box is "difficult" when it carries `difficult: 1 | true` (kept by VOC
 * converters) or is a crowd region (`iscrowd: 1`): either way it is neither a hit nor a miss.
 * Classes are the ground truth's categories in ascending id order, keyed by name.
 */
import type { CocoEvalAnnotation, CocoEvalDetection, CocoEvalGroundTruth } from './coco-types.js';
import type { VocBox } from './iou.js';
import { evaluateVoc, type VocDetectionBox, type VocEvalResult, type VocGroundTruthBox, type VocMetric } from './voc-eval.js';

export function cocoToVocBox(bbox: readonly number[]): VocBox {
  const [x, y, w, h] = bbox as [number, number, number, number];
  return [x, y, x + w - 1, y + h - 1];
}

export interface VocOnCocoResult extends VocEvalResult {
  /** AP per category name (`"name"`, or `"name#id"` when two categories share a name); null: no positives. */
  perClassAp: Record<string, number | null>;
}

export function evaluateVocOnCoco(
  gt: CocoEvalGroundTruth & { annotations: readonly (CocoEvalAnnotation & { difficult?: unknown })[] },
  detections: readonly CocoEvalDetection[],
  metric: VocMetric,
): VocOnCocoResult {
  const categories = [...gt.categories].sort((a, b) => a.id - b.id);
  const nameCount = new Map<string, number>();
  for (const c of categories) nameCount.set(c.name ?? String(c.id), (nameCount.get(c.name ?? String(c.id)) ?? 0) + 1);
  const keyOf = (c: { id: number; name?: string }): string => {
    const name = c.name ?? String(c.id);
    return nameCount.get(name)! > 1 ? `${name}#${c.id}` : name;
  };
  const gtsByCat = new Map<number, VocGroundTruthBox[]>(categories.map((c) => [c.id, []]));
  for (const a of gt.annotations) {
    const difficult = Boolean(a.difficult) || Boolean(a.iscrowd);
    gtsByCat.get(a.category_id)?.push({ imageId: a.image_id, box: cocoToVocBox(a.bbox), difficult });
  }
  const dtsByCat = new Map<number, VocDetectionBox[]>(categories.map((c) => [c.id, []]));
  for (const d of detections) dtsByCat.get(d.category_id)?.push({ imageId: d.image_id, box: cocoToVocBox(d.bbox), score: d.score });
  const result = evaluateVoc(
    categories.map((c) => ({ key: keyOf(c), gts: gtsByCat.get(c.id)!, dets: dtsByCat.get(c.id)! })),
    metric,
  );
  const perClassAp: Record<string, number | null> = {};
  for (const c of result.perClass) perClassAp[String(c.key)] = c.result.ap;
  return { ...result, perClassAp };
}
