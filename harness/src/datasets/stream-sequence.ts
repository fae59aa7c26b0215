import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { generateDataset } from '../golden/generate-dataset.js';

/**
 * A stream suite's frame sequence, rendered on first use from its `stream.sequence` entry with the
 * golden generator (deterministic: same seed and size, same bytes), so that ~6 MB of frames need
 * not be committed. Written to a temporary folder and renamed, so a crash never leaves half a
 * sequence. A folder that already has annotations.json is used as it is.
 */
/** The part of a stream suite this needs: its file (for messages), dataset folder and sequence recipe. */
export interface StreamSequenceSource {
  file: string;
  dataset: string;
  stream?: { sequence?: { seed: number; frames: number; size: string } | undefined } | undefined;
}

export async function ensureStreamSequence(rootDir: string, suite: StreamSequenceSource, onProgress?: (message: string) => void): Promise<void> {
  const dir = path.resolve(rootDir, suite.dataset);
  if (existsSync(path.join(dir, 'annotations.json'))) return;
  const sequence = suite.stream?.sequence;
  if (!sequence) {
    throw new ConfigError('HIL_SEQUENCE_MISSING', `${suite.file}: dataset: ${suite.dataset} has no annotations.json, and stream.sequence does not say how to render it`, {
      hint: 'add stream.sequence { seed, frames, size } or point dataset at a recorded sequence (COCO annotations.json + frames)',
    });
  }
  const [width, height] = sequence.size.split('x').map(Number) as [number, number];
  const temp = `${dir}.${process.pid}.tmp`;
  onProgress?.(`rendering frame sequence ${suite.dataset} (${sequence.frames} frames, ${sequence.size}, seed ${sequence.seed})`);
  await rm(temp, { recursive: true, force: true });
  await generateDataset({ outDir: temp, count: sequence.frames, seed: sequence.seed, width, height, sequence: true });
  await rm(dir, { recursive: true, force: true });
  await rename(temp, dir);
}
