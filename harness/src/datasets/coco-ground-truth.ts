/**
 * COCO instances files (ground truth): loading and validation. Everything wrong is reported at
 * once as `file: path: message` (exit 3), so a user fixes a converter once instead of once per
 * run. The checks are the ones that would make COCO evaluation silently wrong or crash
 * pycocotools: missing fields, duplicate ids, unknown references, malformed or impossible boxes.
 */
import type { CocoEvalAnnotation } from '../metrics/coco-types.js';
import { checkImageFiles } from './image-files.js';
import { IssueCollector, shown, typeName } from './issue-collector.js';
import { readJsonFile } from './read-json-file.js';

export interface CocoImage {
  id: number;
  width: number;
  height: number;
  file_name: string;
}

export interface CocoCategory {
  id: number;
  name: string;
  supercategory?: string;
}

export interface CocoAnnotation extends CocoEvalAnnotation {
  bbox: [number, number, number, number];
  iscrowd: 0 | 1;
  /** VOC's flag, kept by VOC converters; used by the VOC metrics only. */
  difficult?: boolean | 0 | 1;
}

export interface CocoGroundTruth {
  images: CocoImage[];
  categories: CocoCategory[];
  annotations: CocoAnnotation[];
}

/**
 * How far a ground-truth box may stick out of its image: converters round coordinates, and COCO's
 * own files have boxes a fraction of a pixel past the border. Anything beyond is a broken box.
 */
export const IMAGE_BORDER_TOLERANCE_PX = 1;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks an `[x, y, w, h]` box; reports under `path` and returns it when it is well formed. */
export function checkBox(
  issues: IssueCollector,
  path: string,
  value: unknown,
  sizes: 'positive' | 'non-negative',
): [number, number, number, number] | undefined {
  if (!Array.isArray(value)) {
    issues.add(path, value === undefined ? 'missing (expected [x, y, width, height])' : `expected 4 numbers [x, y, width, height], got ${typeName(value)}`);
    return undefined;
  }
  if (value.length !== 4) {
    issues.add(path, `expected 4 numbers, got ${value.length}`);
    return undefined;
  }
  let ok = true;
  value.forEach((v, i) => {
    if (!isFiniteNumber(v)) {
      issues.add(`${path}[${i}]`, `expected a finite number, got ${shown(v)}`);
      ok = false;
    }
  });
  if (!ok) return undefined;
  const box = value as [number, number, number, number];
  const bad = sizes === 'positive' ? box[2] <= 0 || box[3] <= 0 : box[2] < 0 || box[3] < 0;
  if (bad) {
    issues.add(path, `width and height must be ${sizes === 'positive' ? '> 0' : '>= 0'}, got ${shown(box)} (boxes are [x, y, width, height], not corners)`);
    return undefined;
  }
  return box;
}

function checkId(issues: IssueCollector, path: string, value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  issues.add(path, value === undefined ? 'missing (expected an integer id)' : `expected an integer id, got ${shown(value)}`);
  return undefined;
}

function checkList(issues: IssueCollector, data: Record<string, unknown>, key: string): unknown[] {
  const value = data[key];
  if (Array.isArray(value)) return value;
  issues.add(key, value === undefined ? 'missing (expected an array)' : `expected an array, got ${typeName(value)}`);
  return [];
}

/** Validates parsed JSON as a COCO instances file; throws ConfigIssuesError listing every problem. */
export function validateCocoGroundTruth(data: unknown, file: string): CocoGroundTruth {
  const issues = new IssueCollector(file);
  if (!isObject(data)) {
    issues.add('', `expected a COCO instances object {images, annotations, categories}, got ${typeName(data)}`);
    issues.throwIfAny();
  }
  const root = data as Record<string, unknown>;
  const images = checkList(issues, root, 'images');
  const categories = checkList(issues, root, 'categories');
  const annotations = checkList(issues, root, 'annotations');
  if (Array.isArray(root.images) && images.length === 0) issues.add('images', 'empty: the dataset has no images');
  if (Array.isArray(root.annotations) && annotations.length === 0) issues.add('annotations', 'empty: the dataset has no boxes to evaluate');
  if (Array.isArray(root.categories) && categories.length === 0) issues.add('categories', 'empty: the dataset has no categories');

  const imageById = new Map<number, { index: number; width: number; height: number }>();
  images.forEach((im, i) => {
    const p = `images[${i}]`;
    if (!isObject(im)) return issues.add(p, `expected an object, got ${typeName(im)}`);
    const id = checkId(issues, `${p}.id`, im.id);
    for (const key of ['width', 'height'] as const) {
      if (!isFiniteNumber(im[key]) || im[key] <= 0) issues.add(`${p}.${key}`, `expected a positive number, got ${shown(im[key])}`);
    }
    if (typeof im.file_name !== 'string' || im.file_name === '') issues.add(`${p}.file_name`, `expected a non-empty string, got ${shown(im.file_name)}`);
    if (id === undefined) return;
    const seen = imageById.get(id);
    if (seen) return issues.add(`${p}.id`, `duplicate image id ${id} (also images[${seen.index}])`);
    imageById.set(id, { index: i, width: im.width as number, height: im.height as number });
  });

  const categoryIndex = new Map<number, number>();
  categories.forEach((c, i) => {
    const p = `categories[${i}]`;
    if (!isObject(c)) return issues.add(p, `expected an object, got ${typeName(c)}`);
    const id = checkId(issues, `${p}.id`, c.id);
    if (typeof c.name !== 'string' || c.name === '') issues.add(`${p}.name`, `expected a non-empty string, got ${shown(c.name)}`);
    if (id === undefined) return;
    const seen = categoryIndex.get(id);
    if (seen !== undefined) return issues.add(`${p}.id`, `duplicate category id ${id} (also categories[${seen}])`);
    categoryIndex.set(id, i);
  });

  const annotationIndex = new Map<number, number>();
  annotations.forEach((a, i) => {
    const p = `annotations[${i}]`;
    if (!isObject(a)) return issues.add(p, `expected an object, got ${typeName(a)}`);
    const id = checkId(issues, `${p}.id`, a.id);
    // pycocotools records a match by the ground truth's id and tests it for truth, so a box with
    // id 0 can never be a true positive there: refuse it rather than score it wrongly.
    if (id === 0) issues.add(`${p}.id`, 'id 0 is not allowed: pycocotools treats a match with annotation id 0 as no match; number annotations from 1');
    if (id !== undefined) {
      const seen = annotationIndex.get(id);
      if (seen !== undefined) issues.add(`${p}.id`, `duplicate annotation id ${id} (also annotations[${seen}])`);
      else annotationIndex.set(id, i);
    }
    const imageId = checkId(issues, `${p}.image_id`, a.image_id);
    const image = imageId === undefined ? undefined : imageById.get(imageId);
    if (imageId !== undefined && !image) issues.add(`${p}.image_id`, `unknown image id ${imageId} (not in images)`);
    const categoryId = checkId(issues, `${p}.category_id`, a.category_id);
    if (categoryId !== undefined && !categoryIndex.has(categoryId)) issues.add(`${p}.category_id`, `unknown category id ${categoryId} (not in categories)`);
    const box = checkBox(issues, `${p}.bbox`, a.bbox, 'positive');
    if (box && image && Number.isFinite(image.width) && Number.isFinite(image.height)) {
      const [x, y, w, h] = box;
      const tol = IMAGE_BORDER_TOLERANCE_PX;
      if (x < -tol || y < -tol || x + w > image.width + tol || y + h > image.height + tol) {
        issues.add(`${p}.bbox`, `box ${shown(box)} lies outside image ${imageId} (${image.width}x${image.height})`);
      }
    }
    if (!isFiniteNumber(a.area) || a.area < 0) {
      issues.add(`${p}.area`, a.area === undefined ? 'missing (expected the object area in pixels, a number >= 0)' : `expected a number >= 0, got ${shown(a.area)}`);
    }
    if (a.iscrowd !== 0 && a.iscrowd !== 1) {
      issues.add(`${p}.iscrowd`, a.iscrowd === undefined ? 'missing (expected 0 or 1)' : `expected 0 or 1, got ${shown(a.iscrowd)}`);
    }
    if (a.difficult !== undefined && ![0, 1, true, false].includes(a.difficult as number | boolean)) {
      issues.add(`${p}.difficult`, `expected 0, 1, true or false, got ${shown(a.difficult)}`);
    }
  });
  issues.throwIfAny('fix the ground-truth file (COCO instances format: bbox is [x, y, width, height] in pixels)');
  return data as unknown as CocoGroundTruth;
}

export interface LoadCocoGroundTruthOptions {
  /** Also check that every image's `file_name` exists under this folder. */
  checkImagesDir?: string;
}

/** Reads, validates and (optionally) checks the image files of a COCO instances file. */
export async function loadCocoGroundTruth(file: string, options: LoadCocoGroundTruthOptions = {}): Promise<CocoGroundTruth> {
  const gt = validateCocoGroundTruth(await readJsonFile(file, 'a COCO instances (ground truth) file'), file);
  if (options.checkImagesDir !== undefined) await checkImageFiles(gt, options.checkImagesDir, file);
  return gt;
}
