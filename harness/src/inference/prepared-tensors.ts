/**
 * Tensors prepared once per dataset x input spec, so that timing covers inference only.
 * In memory: one float32 block (count x C x H x W) on a SharedArrayBuffer, so a runner's worker
 * thread can read it without a copy. On disk (and on a board): `<key>.f32` (raw float32, little
 * endian) beside `<key>.json` (this header). No sharp here: the on-board agent loads these files
 * without image decoding.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { ImageMeta } from './image-meta.js';
import { writeFileAtomic } from '../files/atomic-write.js';

export const TENSOR_FILE_FORMAT = 'hil-tensors/1';

export interface PreparedTensors {
  /** sha256 over the input spec and the image bytes: same key, same tensors. */
  key: string;
  inputName: string;
  /** [C, H, W] of one image. */
  imageShape: [number, number, number];
  count: number;
  /** count x C x H x W values. */
  data: Float32Array;
  /** Per image, in the same order as `data`. */
  metas: ImageMeta[];
}

interface TensorFileHeader extends Omit<PreparedTensors, 'data'> {
  format: typeof TENSOR_FILE_FORMAT;
  dataFile: string;
  littleEndian: true;
}

export function imageSize(t: Pick<PreparedTensors, 'imageShape'>): number {
  return t.imageShape[0] * t.imageShape[1] * t.imageShape[2];
}

/** A zero-copy view of image i. */
export function imageTensor(t: PreparedTensors, i: number): Float32Array {
  const size = imageSize(t);
  return t.data.subarray(i * size, (i + 1) * size);
}

/** float32 storage on a SharedArrayBuffer (worker threads share it instead of copying). */
export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}

/** Writes `<dir>/<key>.json` and `<dir>/<key>.f32`; returns the header path. */
export async function savePreparedTensors(dir: string, t: PreparedTensors): Promise<string> {
  await mkdir(dir, { recursive: true });
  const headerPath = join(dir, `${t.key}.json`);
  // Content-addressed: the key is a hash of the images and the input spec, and the header is
  // renamed into place last, so an existing header means the same, complete tensors. Rewriting
  // them (tens of MB) for every board job would also defeat the deploy's hash memo (mtime).
  if (await stat(headerPath).then(() => true, () => false)) return headerPath;
  const dataFile = `${t.key}.f32`;
  const header: TensorFileHeader = {
    format: TENSOR_FILE_FORMAT,
    key: t.key,
    inputName: t.inputName,
    imageShape: t.imageShape,
    count: t.count,
    metas: t.metas,
    dataFile,
    littleEndian: true,
  };
  const bytes = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  // The data first, then the header that names it: a header on disk means a complete data file.
  await writeFileAtomic(join(dir, dataFile), bytes);
  await writeFileAtomic(headerPath, JSON.stringify(header));
  return headerPath;
}

/** Reads a header written by savePreparedTensors and its data file. */
export async function loadPreparedTensors(headerPath: string, shared = true): Promise<PreparedTensors> {
  let header: TensorFileHeader;
  try {
    header = JSON.parse(await readFile(headerPath, 'utf8')) as TensorFileHeader;
  } catch (cause) {
    throw new ConfigError('HIL_TENSORS_UNREADABLE', `cannot read prepared tensors ${headerPath}`, { cause, where: headerPath });
  }
  if (header.format !== TENSOR_FILE_FORMAT) {
    throw new ConfigError('HIL_TENSORS_UNREADABLE', `${headerPath}: format is ${String(header.format)}, expected ${TENSOR_FILE_FORMAT}`, {
      where: headerPath,
    });
  }
  const bytes = await readFile(resolve(dirname(headerPath), header.dataFile));
  const length = header.count * imageSize(header);
  if (bytes.length !== length * 4) {
    throw new ConfigError('HIL_TENSORS_UNREADABLE', `${header.dataFile}: ${bytes.length} bytes, expected ${length * 4}`, { where: headerPath });
  }
  const data = shared ? sharedFloat32(length) : new Float32Array(length);
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(bytes);
  return { key: header.key, inputName: header.inputName, imageShape: header.imageShape, count: header.count, data, metas: header.metas };
}
