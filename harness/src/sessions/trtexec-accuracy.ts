/**
 * Accuracy on a GPU target through trtexec: the golden pictures preprocessed on the host exactly
 * as for the CPU path (the manifest's input spec, hil's own preprocessing), packed into raw FP32
 * batch files (content-addressed in the run cache, so a rerun uploads nothing), inferred on the
 * board by TensorRT, and the exported outputs decoded by the same decoders as every runner.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Board } from '../devices/board.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { decodeOutputs } from '../inference/adapters/decode-outputs.js';
import type { CocoDetection } from '../inference/model-spec.js';
import type { OutputMap } from '../inference/tensor-like.js';
import { prepareTensors } from '../inference/tensor-cache.js';
import { trtexecInfer } from '../runners/trtexec-infer.js';
import type { EnginePrecision, TrtexecEngine, TrtexecLimits, TrtexecRunner } from '../runners/trtexec-runner.js';
import type { SelectedDevice } from '../runners/trtexec-parse.js';
import type { AccuracyRun, DatasetImages, ResolvedModel } from './device-session.js';

/** Pictures per trtexec run: few runs (each loads the engine) and exported files of a few MB. */
export const ACCURACY_BATCH = 16;

export interface TrtexecAccuracyRun extends AccuracyRun {
  window: { startEpochMs: number; endEpochMs: number };
  /** Output values that were nan or ±inf (a broken engine or an FP16 overflow): reported, never hidden. */
  nonFinite: number;
  batch: number;
  command: string;
  engine: TrtexecEngine;
  /** The GPU trtexec said it selected. */
  device?: SelectedDevice;
}

export async function trtexecAccuracy(
  runner: TrtexecRunner,
  board: Board,
  model: ResolvedModel,
  dataset: DatasetImages,
  options: { cacheDir: string; limits: TrtexecLimits; precision?: EnginePrecision },
): Promise<TrtexecAccuracyRun> {
  const { spec } = model;
  const tensors = await prepareTensors(dataset.images.map((i) => ({ id: i.id, path: i.path })), spec.input, { cacheDir: path.join(options.cacheDir, 'tensors') });
  const fixed = spec.input.shape[0];
  const batch = fixed > 0 ? fixed : Math.max(1, Math.min(ACCURACY_BATCH, tensors.count));
  const per = tensors.imageShape.reduce((a, b) => a * b, 1);
  const files: { localFile: string; images: number }[] = [];
  for (let start = 0; start < tensors.count; start += batch) {
    const images = Math.min(batch, tensors.count - start);
    // The last batch is padded with zeros to the engine's batch; its padding is never decoded.
    const values = new Float32Array(batch * per);
    values.set(tensors.data.subarray(start * per, (start + images) * per));
    const bytes = new Uint8Array(values.buffer);
    const localFile = path.join(options.cacheDir, 'trtexec-inputs', `${createHash('sha256').update(bytes).digest('hex')}.f32`);
    if (!existsSync(localFile)) await writeFileAtomic(localFile, bytes);
    files.push({ localFile, images });
  }
  const inference = await trtexecInfer(runner, board, { name: spec.name, filePath: model.filePath, input: spec.input }, files, batch, options.limits, options.precision);
  const detections: CocoDetection[] = [];
  let nonFinite = 0;
  inference.outputs.forEach((outputs, k) => {
    const images = files[k]!.images;
    const map: Record<string, { dims: number[]; data: Float32Array }> = {};
    for (const o of outputs) {
      nonFinite += o.nonFinite;
      const rest = o.dims.slice(1);
      const size = rest.reduce((a, b) => a * b, 1);
      map[o.name] = { dims: [images, ...rest], data: o.values.subarray(0, images * size) };
    }
    const metas = tensors.metas.slice(k * batch, k * batch + images);
    for (const d of decodeOutputs(spec, map as OutputMap, metas, { clip: false })) detections.push(d);
  });
  return { detections, images: tensors.count, window: inference.window, nonFinite, batch, command: inference.command, engine: inference.engine, ...(inference.device ? { device: inference.device } : {}) };
}
