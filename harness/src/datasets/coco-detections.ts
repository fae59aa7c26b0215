/**
 * COCO results files (detections): `[{image_id, category_id, bbox: [x, y, w, h], score}, ...]`.
 * Validated against the ground truth they will be scored on. pycocotools refuses results for
 * images outside the ground truth and silently drops unknown categories; hil refuses both, since
 * a label-map mistake would otherwise look like a model that finds nothing.
 */
import type { CocoDetection } from '../results/coco-detection.js';
import type { CocoGroundTruth } from './coco-ground-truth.js';
import { checkBox } from './coco-ground-truth.js';
import { IssueCollector, shown, typeName } from './issue-collector.js';
import { readJsonFile } from './read-json-file.js';

export interface ValidateDetectionsOptions {
  /** How the ground truth is named in messages (its file). */
  gtFile?: string;
}

/** Validates parsed JSON as a COCO results array for `gt`; throws ConfigIssuesError on problems. */
export function validateCocoDetections(
  data: unknown,
  file: string,
  gt: Pick<CocoGroundTruth, 'images' | 'categories'>,
  options: ValidateDetectionsOptions = {},
): CocoDetection[] {
  const issues = new IssueCollector(file);
  const gtName = options.gtFile ?? 'the ground truth';
  if (!Array.isArray(data)) {
    issues.add('', `expected a JSON array of COCO results [{image_id, category_id, bbox, score}], got ${typeName(data)}`);
    issues.throwIfAny();
  }
  const imageIds = new Set(gt.images.map((im) => im.id));
  const categoryIds = new Set(gt.categories.map((c) => c.id));
  const list = data as unknown[];
  for (let i = 0; i < list.length; i += 1) {
    const d = list[i];
    const p = `[${i}]`;
    if (typeof d !== 'object' || d === null || Array.isArray(d)) {
      issues.add(p, `expected an object {image_id, category_id, bbox, score}, got ${typeName(d)}`);
      continue;
    }
    const det = d as Record<string, unknown>;
    if (!imageIds.has(det.image_id as number)) {
      issues.add(
        `${p}.image_id`,
        det.image_id === undefined ? 'missing (expected an image id of the ground truth)' : `image id ${shown(det.image_id)} is not in ${gtName}`,
      );
    }
    if (!categoryIds.has(det.category_id as number)) {
      issues.add(
        `${p}.category_id`,
        det.category_id === undefined ? 'missing (expected a category id of the ground truth)' : `unknown category id ${shown(det.category_id)} (not in the categories of ${gtName})`,
      );
    }
    checkBox(issues, `${p}.bbox`, det.bbox, 'non-negative');
    if (typeof det.score !== 'number' || !Number.isFinite(det.score)) {
      issues.add(`${p}.score`, det.score === undefined ? 'missing (expected a finite number)' : `expected a finite number, got ${shown(det.score)}`);
    }
  }
  issues.throwIfAny('fix the detections file (COCO results format: bbox is [x, y, width, height] in pixels)');
  return list as CocoDetection[];
}

/** Reads and validates a COCO results file against its ground truth. */
export async function loadCocoDetections(
  file: string,
  gt: Pick<CocoGroundTruth, 'images' | 'categories'>,
  options: ValidateDetectionsOptions = {},
): Promise<CocoDetection[]> {
  return validateCocoDetections(await readJsonFile(file, 'a COCO results (detections) file'), file, gt, options);
}
