/**
 * Accuracy scenario: every image once, batch 1, outputs decoded on the runner side into COCO
 * detections (raw SSD heads are ~8732 x 21 floats per image: decoding here keeps what crosses the
 * wire small). Each image's tensor is copied just before its run; nothing here is a latency figure.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { decodeOutputs, outputNamesOf } from '../inference/adapters/decode-outputs.js';
import type { CocoDetection } from '../inference/model-spec.js';
import { imageSize, type PreparedTensors } from '../inference/prepared-tensors.js';
import type { OutputMap } from '../inference/tensor-like.js';
import { epochMs, nowNs, nsToMs, type LoopHooks } from './clock.js';
import type { AccuracyParams, AccuracyResult, AgentModelSpec } from './job.js';
import type { Ort } from './ort-session.js';

export async function runAccuracyLoop(
  ort: Ort,
  session: InferenceSession,
  spec: AgentModelSpec,
  tensors: PreparedTensors,
  params: AccuracyParams,
  hooks: LoopHooks = {},
): Promise<AccuracyResult> {
  const size = imageSize(tensors);
  const fetches = outputNamesOf(spec);
  const detections: CocoDetection[] = [];
  let inferenceNs = 0n;
  const startEpoch = epochMs();
  const start = nowNs();
  let nextProgress = start + 1_000_000_000n;
  for (let i = 0; i < tensors.count; i += 1) {
    const copy = new Float32Array(size);
    copy.set(tensors.data.subarray(i * size, (i + 1) * size));
    const feed = { [tensors.inputName]: new ort.Tensor('float32', copy, [1, ...tensors.imageShape]) };
    const t0 = nowNs();
    const outputs = await session.run(feed, fetches);
    inferenceNs += nowNs() - t0;
    hooks.signal?.throwIfAborted();
    for (const d of decodeOutputs(spec, outputs as OutputMap, [tensors.metas[i]!], { clip: params.clip ?? false })) detections.push(d);
    const t = nowNs();
    if (hooks.onProgress && t >= nextProgress) {
      nextProgress = t + 1_000_000_000n;
      hooks.onProgress({ phase: 'accuracy', done: i + 1, target: tensors.count, elapsedMs: nsToMs(t - start) });
    }
  }
  const durationMs = nsToMs(nowNs() - start);
  return {
    scenario: 'accuracy',
    images: tensors.count,
    detections,
    inferenceMs: nsToMs(inferenceNs),
    window: { startEpochMs: startEpoch, endEpochMs: startEpoch + durationMs },
  };
}
