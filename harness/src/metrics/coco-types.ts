/**
 * The shapes the COCO evaluator reads: the fields of a COCO instances file and a COCO results
 * file that matter for bbox evaluation. Loading and validating them is the job of `datasets/`;
 * extra fields are allowed and ignored.
 */
import type { CocoDetection } from '../results/coco-detection.js';

export type { CocoDetection };

export interface CocoEvalImage {
  id: number;
}

export interface CocoEvalCategory {
  id: number;
  name?: string;
}

export interface CocoEvalAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  /** `[x, y, w, h]` */
  bbox: readonly [number, number, number, number] | readonly number[];
  /** Decides the area range (small / medium / large); IoU uses the box. */
  area: number;
  /** 1: a crowd region. It is never a miss, and detections matching it are ignored. */
  iscrowd: number | boolean;
}

export interface CocoEvalGroundTruth {
  images: readonly CocoEvalImage[];
  categories: readonly CocoEvalCategory[];
  annotations: readonly CocoEvalAnnotation[];
}

export interface CocoEvalDetection {
  image_id: number;
  category_id: number;
  bbox: readonly [number, number, number, number] | readonly number[];
  score: number;
}
