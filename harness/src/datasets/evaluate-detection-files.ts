/**
 * `hil eval`'s work: load and validate a ground-truth file and a results file, then score them
 * with COCO mAP or PASCAL VOC AP. IO lives here; the metrics themselves are pure.
 */
import { evaluateCoco, type CocoCategoryResult } from '../metrics/coco-eval.js';
import { evaluateVocOnCoco } from '../metrics/voc-eval-coco.js';
import { loadCocoDetections } from './coco-detections.js';
import { loadCocoGroundTruth } from './coco-ground-truth.js';

export type EvalMetric = 'coco' | 'voc07' | 'voc12';
export const EVAL_METRICS: readonly EvalMetric[] = ['coco', 'voc07', 'voc12'];

export interface CocoFilesResult {
  metric: 'coco';
  /** `COCOeval.stats` in pycocotools' order; -1 where undefined. */
  stats: number[];
  perCategory: CocoCategoryResult[];
}

export interface VocFilesResult {
  metric: 'voc07' | 'voc12';
  /** null when no class has positives. */
  map: number | null;
  perClass: Record<string, number | null>;
}

export type EvalFilesResult = CocoFilesResult | VocFilesResult;

export interface EvaluateDetectionFilesOptions {
  annotations: string;
  detections: string;
  metric?: EvalMetric;
}

export async function evaluateDetectionFiles(options: EvaluateDetectionFilesOptions): Promise<EvalFilesResult> {
  const metric = options.metric ?? 'coco';
  const gt = await loadCocoGroundTruth(options.annotations);
  const dets = await loadCocoDetections(options.detections, gt, { gtFile: options.annotations });
  if (metric === 'coco') {
    const r = evaluateCoco(gt, dets);
    return { metric, stats: r.stats, perCategory: r.perCategory };
  }
  const r = evaluateVocOnCoco(gt, dets, metric);
  return { metric, map: r.map, perClass: r.perClassAp };
}
