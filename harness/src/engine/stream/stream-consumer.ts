/**
 * The detector: takes the frame the policy picks from the ring, preprocesses it from the camera
 * buffer (then gives the buffer back), runs the model and decodes detections. Each frame's times
 * are taken here on the clock the camera stamped with, so glass-to-glass never crosses a thread
 * boundary in its arithmetic. Waiting for a frame blocks this thread on the ring (Atomics.wait),
 * which is why the consumer is a worker thread of its own.
 */
import { InfrastructureError } from '../../errors.js';
import { decodeOutputs, outputNamesOf } from '../../inference/adapters/decode-outputs.js';
import type { CocoDetection } from '../../inference/model-spec.js';
import type { OutputMap } from '../../inference/tensor-like.js';
import { nowNs } from '../clock.js';
import type { OpenedSession } from '../ort-session.js';
import { createFramePreprocessor } from './frame-preprocess.js';
import { FrameRing } from './frame-ring.js';
import type { ConsumerData, ConsumerLog } from './stream-protocol.js';
import type { StreamFrameRecord } from './stream-types.js';

export interface PreparedConsumer {
  /** Runs frames until the camera is done and the policy has nothing left; resolves with the log. */
  run(t0Ns: bigint): Promise<ConsumerLog>;
}

/** Opens nothing itself: takes an opened session, builds the input, and warms up (untimed). */
export async function prepareConsumer(data: ConsumerData, opened: OpenedSession): Promise<PreparedConsumer> {
  const { ort, session } = opened;
  const ring = new FrameRing(data.ring);
  const pre = createFramePreprocessor(data.frameWidth, data.frameHeight, data.spec.input);
  const [, c, h, w] = data.spec.input.shape;
  // Ordinary memory: onnxruntime-node refuses typed arrays on a SharedArrayBuffer.
  const input = new Float32Array(c * h * w);
  const feed = { [data.spec.input.name]: new ort.Tensor('float32', input, [1, c, h, w]) };
  const fetches = outputNamesOf(data.spec);
  for (let i = 0; i < data.warmup; i += 1) await session.run(feed, fetches);

  return {
    async run(t0Ns) {
      const ms = (t: bigint): number => Number(t - t0Ns) / 1e6;
      const frames: StreamFrameRecord[] = [];
      const detections: CocoDetection[] = [];
      let last = -1;
      for (;;) {
        if (ring.stopped) throw new InfrastructureError('HIL_RUN_ABORTED', `stream ${data.stream} stopped`);
        // Read `done` before looking: a frame published after this look still wakes the wait below.
        const done = ring.done;
        const seen = ring.publishedCount();
        const taken = ring.take(data.policy, last);
        if (!taken) {
          if (done) break;
          ring.waitForPublish(seen, 100);
          continue;
        }
        const pick = nowNs();
        pre.run(ring.pixels(taken.slot), input);
        ring.release(taken.slot);
        const preprocessed = nowNs();
        const outputs = await session.run(feed, fetches);
        const inferred = nowNs();
        const imageId = data.imageIds[taken.frame]!;
        for (const d of decodeOutputs(data.spec, outputs as OutputMap, [pre.meta(imageId)], { clip: data.clip })) detections.push(d);
        const result = nowNs();
        frames.push({
          seq: taken.seq,
          imageId,
          captureMs: ms(taken.captureNs),
          pickMs: ms(pick),
          preprocessedMs: ms(preprocessed),
          inferredMs: ms(inferred),
          resultMs: ms(result),
        });
        last = taken.seq;
      }
      return { frames, detections };
    },
  };
}
