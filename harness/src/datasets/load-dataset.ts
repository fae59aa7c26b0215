import path from 'node:path';
import { loadCocoGroundTruth, type CocoGroundTruth } from './coco-ground-truth.js';
import { ConfigError } from '../errors.js';

/** Golden images in COCO form, resolved to absolute paths. */
export interface DatasetImages {
  name: string;
  annotationsPath: string;
  images: { id: number; path: string; width: number; height: number }[];
}

export interface LoadedDataset extends DatasetImages {
  groundTruth: CocoGroundTruth;
}

/**
 * A golden dataset folder: `annotations.json` (COCO instances) whose `file_name`s are relative to
 * the folder. Validated in full (boxes, ids, categories, image files) before any board is used.
 */
export async function loadDataset(rootDir: string, datasetDir: string): Promise<LoadedDataset> {
  const dir = path.resolve(rootDir, datasetDir);
  const annotationsPath = path.join(dir, 'annotations.json');
  const groundTruth = await loadCocoGroundTruth(annotationsPath, { checkImagesDir: dir });
  if (groundTruth.images.length === 0) {
    throw new ConfigError('HIL_DATASET_EMPTY', `${path.relative(rootDir, annotationsPath)}: images: the dataset has no images`);
  }
  return {
    name: path.basename(dir),
    annotationsPath,
    groundTruth,
    images: groundTruth.images.map((image) => ({
      id: image.id,
      path: path.join(dir, image.file_name),
      width: image.width,
      height: image.height,
    })),
  };
}
