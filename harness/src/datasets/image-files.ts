import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { CocoGroundTruth } from './coco-ground-truth.js';
import { IssueCollector } from './issue-collector.js';

/**
 * Checks that each image of a dataset exists as a file under `dir` (`dir/file_name`). Missing
 * files are reported together, naming the image entry and the path looked for.
 */
export async function checkImageFiles(gt: Pick<CocoGroundTruth, 'images'>, dir: string, file: string): Promise<void> {
  const folder = await stat(dir).catch(() => undefined);
  if (!folder?.isDirectory()) {
    throw new ConfigError('HIL_DATASET_IMAGES_DIR', `${dir}: image folder not found (images of ${file})`, { where: dir });
  }
  if (gt.images.length === 0) {
    throw new ConfigError('HIL_DATASET_EMPTY', `${file}: images: empty: the dataset has no images`, { where: file });
  }
  const issues = new IssueCollector(file);
  const batch = 64;
  for (let start = 0; start < gt.images.length; start += batch) {
    const slice = gt.images.slice(start, start + batch);
    const found = await Promise.all(slice.map((im) => stat(path.join(dir, im.file_name)).then((s) => s.isFile(), () => false)));
    found.forEach((ok, j) => {
      if (!ok) issues.add(`images[${start + j}].file_name`, `image file not found: ${path.join(dir, slice[j]!.file_name)}`);
    });
  }
  issues.throwIfAny(`put the dataset's images under ${dir} or fix file_name`);
}
