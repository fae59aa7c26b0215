/**
 * prepareTensors: images -> PreparedTensors, once per dataset x input spec. Memoised in memory by
 * key, and on disk under `cacheDir` when given (a later run, or another process, loads the .f32
 * instead of decoding again). The key hashes the image bytes, not paths or mtimes, so an edited
 * image can never be served stale tensors.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { InputSpec } from './model-spec.js';
import type { ImageMeta } from './image-meta.js';
import { preprocessImage } from './preprocess.js';
import { loadPreparedTensors, savePreparedTensors, sharedFloat32, type PreparedTensors } from './prepared-tensors.js';

/** One image of a dataset: its COCO id and either a file path or its bytes. */
export interface ImageRef {
  id: number;
  path?: string;
  data?: Buffer;
}

export interface PrepareOptions {
  /** Folder for the on-disk cache (e.g. `golden/.cache/tensors`); no disk cache when absent. */
  cacheDir?: string;
  /** Images decoded at once (sharp decodes on libuv's thread pool). @default 4 */
  concurrency?: number;
}

const memory = new Map<string, Promise<PreparedTensors>>();

export async function prepareTensors(
  images: readonly ImageRef[],
  input: InputSpec,
  options: PrepareOptions = {},
): Promise<PreparedTensors> {
  const bytes = await Promise.all(images.map((img) => loadBytes(img)));
  const key = tensorKey(bytes, images, input);
  let pending = memory.get(key);
  if (!pending) {
    pending = build(key, images, bytes, input, options);
    memory.set(key, pending);
    pending.catch(() => memory.delete(key));
  }
  return pending;
}

/** Forget in-memory tensors (they can be large); the disk cache stays. */
export function clearTensorCache(): void {
  memory.clear();
}

/** The parts of the input spec that change the tensors, plus every image's id and bytes. */
export function tensorKey(bytes: readonly Buffer[], images: readonly ImageRef[], input: InputSpec): string {
  const h = createHash('sha256');
  const { name, shape, colorOrder, resize, scale, mean, std, padValue, resizeKernel } = input;
  h.update(JSON.stringify({ v: 1, name, shape: shape.slice(1), colorOrder, resize, scale, mean, std, padValue, resizeKernel }));
  images.forEach((img, i) => {
    h.update(`\n${img.id}:`);
    h.update(createHash('sha256').update(bytes[i]!).digest());
  });
  return h.digest('hex').slice(0, 32);
}

async function build(
  key: string,
  images: readonly ImageRef[],
  bytes: readonly Buffer[],
  input: InputSpec,
  options: PrepareOptions,
): Promise<PreparedTensors> {
  if (options.cacheDir) {
    const header = join(options.cacheDir, `${key}.json`);
    if (existsSync(header)) return loadPreparedTensors(header);
  }
  const [, c, h, w] = input.shape;
  const size = c * h * w;
  const data = sharedFloat32(images.length * size);
  const metas: ImageMeta[] = new Array(images.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < images.length) {
      const i = next++;
      const { meta } = await preprocessImage(bytes[i]!, images[i]!.id, input, data.subarray(i * size, (i + 1) * size));
      metas[i] = meta;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  const tensors: PreparedTensors = { key, inputName: input.name, imageShape: [c, h, w], count: images.length, data, metas };
  if (options.cacheDir) await savePreparedTensors(options.cacheDir, tensors);
  return tensors;
}

async function loadBytes(img: ImageRef): Promise<Buffer> {
  if (img.data) return img.data;
  if (!img.path) throw new ConfigError('HIL_IMAGE_MISSING', `image ${img.id}: neither path nor data given`);
  try {
    return await readFile(img.path);
  } catch (cause) {
    throw new ConfigError('HIL_IMAGE_MISSING', `image ${img.id}: cannot read ${img.path}`, { cause, where: img.path });
  }
}
