/**
 * Raw camera frames for the stream scenario, one self-describing file so that it deploys to a
 * board as one content-addressed blob:
 *   `hil-frames/1\n` + one line of JSON header + count x height x width x 3 bytes (RGB, row-major).
 * Frames are decoded on the host (sharp) once; a board only copies bytes, as a camera driver
 * hands over raw buffers, and the consumer does its own resize and normalisation.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../errors.js';
import { writeFileAtomic } from '../../files/atomic-write.js';

export const FRAME_FILE_FORMAT = 'hil-frames/1';

export interface FrameFileHeader {
  format: typeof FRAME_FILE_FORMAT;
  /** Hash of the source images: same key, same frames. */
  key: string;
  width: number;
  height: number;
  count: number;
  /** COCO image id of each frame, in order. */
  imageIds: number[];
}

export interface FrameStore extends FrameFileHeader {
  /** count x height x width x 3 bytes; on a SharedArrayBuffer so camera threads read it without a copy. */
  pixels: Uint8Array;
}

export function frameBytes(h: Pick<FrameFileHeader, 'width' | 'height'>): number {
  return h.width * h.height * 3;
}

export async function writeFrameFile(file: string, header: Omit<FrameFileHeader, 'format'>, pixels: Uint8Array): Promise<void> {
  const full: FrameFileHeader = { format: FRAME_FILE_FORMAT, ...header };
  if (pixels.length !== full.count * frameBytes(full)) throw new RangeError(`frame file: ${pixels.length} bytes for ${full.count} frames of ${full.width}x${full.height}`);
  const head = Buffer.from(`${FRAME_FILE_FORMAT}\n${JSON.stringify(full)}\n`);
  await writeFileAtomic(file, Buffer.concat([head, Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength)]));
}

export async function readFrameFile(file: string): Promise<FrameStore> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new ConfigError('HIL_FRAMES_UNREADABLE', `cannot read frame file ${file}`, { cause, where: file });
  }
  const bad = (why: string) => new ConfigError('HIL_FRAMES_UNREADABLE', `${file}: ${why}`, { where: file, hint: 'frame files are written by hil (stream suites) from a golden sequence' });
  const first = bytes.indexOf(0x0a);
  const second = first < 0 ? -1 : bytes.indexOf(0x0a, first + 1);
  if (second < 0 || bytes.subarray(0, first).toString('utf8') !== FRAME_FILE_FORMAT) throw bad(`not a ${FRAME_FILE_FORMAT} file`);
  let header: FrameFileHeader;
  try {
    header = JSON.parse(bytes.subarray(first + 1, second).toString('utf8')) as FrameFileHeader;
  } catch (cause) {
    throw bad(`header is not JSON (${(cause as Error).message})`);
  }
  const size = frameBytes(header);
  if (!(header.count > 0) || !(size > 0) || header.imageIds?.length !== header.count) throw bad('header needs width, height, count > 0 and one image id per frame');
  const data = bytes.subarray(second + 1);
  if (data.length !== header.count * size) throw bad(`${data.length} bytes of pixels, expected ${header.count * size}`);
  const pixels = new Uint8Array(new SharedArrayBuffer(data.length));
  pixels.set(data);
  return { ...header, pixels };
}
