/**
 * A golden frame sequence as the camera hands it over: every frame decoded once on the host (sharp)
 * to raw RGB at capture size, in one `hil-frames/1` file cached by content. Local runs read it in
 * place; farm runs deploy it by hash like a model. Resizing and normalising stay with the consumer
 * on the board, per frame, as part of what the stream measures.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import { FRAME_FILE_FORMAT, writeFrameFile } from '../engine/stream/frame-file.js';
import { ConfigError } from '../errors.js';

export interface SequenceFrame {
  id: number;
  path: string;
}

const pending = new Map<string, Promise<string>>();

/** Path of the frame file for these images (written under `cacheDir/frames/` when missing). */
export async function prepareFrameFile(frames: readonly SequenceFrame[], cacheDir: string): Promise<string> {
  if (frames.length === 0) throw new ConfigError('HIL_SEQUENCE_EMPTY', 'the frame sequence has no frames');
  const bytes = await Promise.all(frames.map((f) => readFile(f.path)));
  const hash = createHash('sha256').update(FRAME_FILE_FORMAT);
  frames.forEach((f, i) => hash.update(`\n${f.id}\n${bytes[i]!.length}\n`).update(bytes[i]!));
  const key = hash.digest('hex');
  const file = path.join(cacheDir, 'frames', `${key}.frames`);
  if (existsSync(file)) return file;
  let job = pending.get(file);
  if (!job) {
    job = decodeAll(frames, bytes, key, file);
    pending.set(file, job);
    job.catch(() => pending.delete(file));
  }
  return job;
}

async function decodeAll(frames: readonly SequenceFrame[], bytes: Buffer[], key: string, file: string): Promise<string> {
  let width = 0;
  let height = 0;
  const raws: Buffer[] = [];
  for (const [i, frame] of frames.entries()) {
    let raw: { data: Buffer; info: OutputInfo };
    try {
      raw = await sharp(bytes[i]!, { failOn: 'error' }).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    } catch (cause) {
      throw new ConfigError('HIL_IMAGE_UNREADABLE', `cannot decode frame ${frame.path}`, { cause, where: frame.path });
    }
    if (i === 0) ({ width, height } = raw.info);
    if (raw.info.width !== width || raw.info.height !== height || raw.info.channels !== 3) {
      throw new ConfigError('HIL_SEQUENCE_SIZES', `${frame.path}: frame is ${raw.info.width}x${raw.info.height}x${raw.info.channels}, the sequence's first frame ${width}x${height}x3; a camera delivers one size`, { where: frame.path });
    }
    raws.push(raw.data);
  }
  const pixels = Buffer.concat(raws);
  await writeFrameFile(file, { key, width, height, count: frames.length, imageIds: frames.map((f) => f.id) }, pixels);
  return file;
}
