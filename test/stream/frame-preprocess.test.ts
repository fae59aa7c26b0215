import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createFramePreprocessor } from '../../harness/src/engine/stream/frame-preprocess.js';
import type { InputSpec } from '../../harness/src/inference/model-spec.js';
import { preprocessImage } from '../../harness/src/inference/preprocess.js';

// The stream's consumer preprocesses raw frames in plain JS (no sharp on a board); the accuracy
// scenario uses sharp. On a golden picture the two agree within a few grey levels.
const picture = path.resolve(import.meta.dirname, '../../golden/datasets/shapes-v1/images/000001.jpg');

describe('frame preprocessing in JS matches sharp', () => {
  it.each([
    ['shrink, stretch, RGB', 'stretch', [160, 160], 'RGB'],
    ['shrink, letterbox, BGR', 'letterbox', [160, 120], 'BGR'],
    ['enlarge, stretch', 'stretch', [300, 300], 'RGB'],
  ] as const)('%s', async (_name, resize, [w, h], colorOrder) => {
    const input: InputSpec = { name: 'x', shape: [1, 3, h, w], layout: 'NCHW', colorOrder, resize, scale: 1 / 255, mean: [0.4, 0.5, 0.6], std: [0.2, 0.25, 0.3] };
    const reference = await preprocessImage(picture, 7, input);
    const { data, info } = await sharp(picture).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const pre = createFramePreprocessor(info.width, info.height, input);
    const out = new Float32Array(reference.data.length);
    pre.run(new Uint8Array(data), out);
    expect(pre.meta(7)).toEqual(reference.meta);
    // Differences in grey levels (0-255) per channel, undoing the normalisation.
    const plane = w * h;
    let max = 0;
    let sum = 0;
    for (let i = 0; i < out.length; i += 1) {
      const levels = (Math.abs(out[i]! - reference.data[i]!) * input.std[Math.floor(i / plane)]!) / input.scale;
      max = Math.max(max, levels);
      sum += levels;
    }
    expect(max).toBeLessThanOrEqual(5);
    expect(sum / out.length).toBeLessThan(0.5);
  });
});
