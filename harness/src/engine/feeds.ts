/**
 * Input feeds built before any timing starts: one onnxruntime Tensor per image (or per batch) on
 * ordinary memory. onnxruntime-node rejects typed arrays on a SharedArrayBuffer ("Invalid
 * argument"), so the shared prepared tensors are copied here once, outside the timed loop.
 */
import type { Tensor } from 'onnxruntime-node';
import { ConfigError } from '../errors.js';
import type { InputSpec } from '../inference/model-spec.js';
import { imageSize, type PreparedTensors } from '../inference/prepared-tensors.js';
import type { Ort } from './ort-session.js';

export type Feed = Record<string, Tensor>;

/** Tensors and model must agree on the input, or nothing measured means anything. */
export function checkTensorsFit(t: PreparedTensors, input: InputSpec): void {
  const [, c, h, w] = input.shape;
  const [tc, th, tw] = t.imageShape;
  if (tc !== c || th !== h || tw !== w || t.inputName !== input.name) {
    throw new ConfigError(
      'HIL_TENSORS_MISMATCH',
      `prepared tensors are ${t.inputName}[${tc}, ${th}, ${tw}] but the model input is ${input.name}[${c}, ${h}, ${w}]`,
      { where: 'input.shape', hint: 'prepare the tensors with this model\'s input spec' },
    );
  }
  if (t.count < 1) throw new ConfigError('HIL_TENSORS_EMPTY', 'no images to run', { where: 'images' });
}

/** One batch-1 feed per image, for the first `limit` images. */
export function imageFeeds(ort: Ort, t: PreparedTensors, limit = t.count): Feed[] {
  const size = imageSize(t);
  const n = Math.min(limit, t.count);
  const feeds: Feed[] = [];
  for (let i = 0; i < n; i += 1) {
    const copy = new Float32Array(size);
    copy.set(t.data.subarray(i * size, (i + 1) * size));
    feeds.push({ [t.inputName]: new ort.Tensor('float32', copy, [1, ...t.imageShape]) });
  }
  return feeds;
}

/** Full batches cycling over the first `limit` images (a short dataset wraps around). */
export function batchFeeds(ort: Ort, t: PreparedTensors, batch: number, limit = t.count): Feed[] {
  const size = imageSize(t);
  const n = Math.min(limit, t.count);
  const count = Math.max(1, Math.ceil(n / batch));
  const feeds: Feed[] = [];
  for (let b = 0; b < count; b += 1) {
    const data = new Float32Array(batch * size);
    for (let k = 0; k < batch; k += 1) {
      const i = (b * batch + k) % n;
      data.set(t.data.subarray(i * size, (i + 1) * size), k * size);
    }
    feeds.push({ [t.inputName]: new ort.Tensor('float32', data, [batch, ...t.imageShape]) });
  }
  return feeds;
}
