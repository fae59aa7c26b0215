/**
 * Pictures of a folder in a stable order, for calibration: a dataset folder's annotations.json
 * order when it has one (hil golden generate writes one), else every .jpg/.jpeg/.png under it,
 * sorted by path. The first `count` are taken, so the same folder and count give the same set.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { readJsonFile } from './read-json-file.js';

const PICTURE = /\.(jpe?g|png)$/i;

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map(async (entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.isFile() && PICTURE.test(entry.name) ? [full] : [];
  }));
  return nested.flat();
}

export async function listPictures(dir: string, count: number): Promise<string[]> {
  const folder = await stat(dir).catch(() => undefined);
  if (!folder?.isDirectory()) throw new ConfigError('HIL_PICTURES_DIR', `${dir}: picture folder not found`, { where: dir });
  const annotations = path.join(dir, 'annotations.json');
  let pictures: string[];
  if (existsSync(annotations)) {
    const gt = (await readJsonFile(annotations, 'dataset annotations')) as { images?: { file_name?: unknown }[] };
    if (!Array.isArray(gt.images)) throw new ConfigError('HIL_DATASET_INVALID', `${annotations}: images: expected an array`, { where: annotations });
    pictures = gt.images.map((im, i) => {
      if (typeof im.file_name !== 'string') throw new ConfigError('HIL_DATASET_INVALID', `${annotations}: images[${i}].file_name: expected a string`, { where: annotations });
      return path.join(dir, im.file_name);
    });
  } else {
    pictures = (await walk(dir)).sort();
  }
  if (pictures.length === 0) throw new ConfigError('HIL_PICTURES_EMPTY', `${dir}: no .jpg, .jpeg or .png pictures`, { where: dir });
  if (pictures.length < count) {
    throw new ConfigError('HIL_PICTURES_TOO_FEW', `${dir}: ${pictures.length} pictures, ${count} asked for`, { where: dir, hint: `pass --count ${pictures.length} or a bigger folder` });
  }
  return pictures.slice(0, count);
}
