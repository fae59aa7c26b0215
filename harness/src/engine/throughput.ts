/**
 * Throughput (offline) scenario: batches back to back, fps = images / timed window. The batch is
 * `batchSize` when the model's batch dimension is dynamic (-1 or symbolic), else 1: a fixed-batch
 * model is measured as it is, never reshaped. Stops when both minImages and minDurationMs hold,
 * or at maxDurationMs.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { computeLatencyStats } from '../metrics/latency-stats.js';
import { epochMs, nowNs, nsToMs, type LoopHooks } from './clock.js';
import type { Feed } from './feeds.js';
import type { ThroughputParams, ThroughputResult } from './job.js';

export const THROUGHPUT_DEFAULTS = {
  batchSize: 8,
  warmup: 3,
  minImages: 64,
  minDurationMs: 5_000,
  maxDurationMs: 60_000,
  sampleCount: 256,
} as const;

export async function runThroughputLoop(
  session: InferenceSession,
  feeds: readonly Feed[],
  batch: number,
  batchDynamic: boolean,
  params: ThroughputParams,
  hooks: LoopHooks = {},
): Promise<ThroughputResult> {
  const warmup = params.warmup ?? THROUGHPUT_DEFAULTS.warmup;
  const minImages = params.minImages ?? THROUGHPUT_DEFAULTS.minImages;
  const minNs = BigInt(Math.round((params.minDurationMs ?? THROUGHPUT_DEFAULTS.minDurationMs) * 1e6));
  const maxNs = BigInt(Math.round((params.maxDurationMs ?? THROUGHPUT_DEFAULTS.maxDurationMs) * 1e6));
  for (let i = 0; i < warmup; i += 1) {
    await session.run(feeds[i % feeds.length]!);
    hooks.signal?.throwIfAborted();
  }

  const batchMs: number[] = [];
  const startEpoch = epochMs();
  const start = nowNs();
  let end = start;
  let nextProgress = start + 1_000_000_000n;
  for (let i = 0; ; i += 1) {
    const t0 = nowNs();
    await session.run(feeds[i % feeds.length]!);
    const t1 = nowNs();
    batchMs.push(nsToMs(t1 - t0));
    end = t1;
    hooks.signal?.throwIfAborted();
    const elapsed = t1 - start;
    const images = batchMs.length * batch;
    if ((images >= minImages && elapsed >= minNs) || elapsed >= maxNs) break;
    if (hooks.onProgress && t1 >= nextProgress) {
      nextProgress = t1 + 1_000_000_000n;
      hooks.onProgress({ phase: 'throughput', done: images, target: minImages, elapsedMs: nsToMs(elapsed) });
    }
  }
  const durationMs = nsToMs(end - start);
  const images = batchMs.length * batch;
  const batchStats = computeLatencyStats(batchMs, durationMs);
  return {
    scenario: 'throughput',
    batch,
    batchDynamic,
    batches: batchMs.length,
    images,
    durationMs,
    fps: durationMs > 0 ? (images * 1000) / durationMs : Number.POSITIVE_INFINITY,
    // fps of a batch latency is images/s at that latency, not batches/s.
    batchStats: { ...batchStats, fps: batchStats.meanMs > 0 ? (batch * 1000) / batchStats.meanMs : Number.POSITIVE_INFINITY },
    window: { startEpochMs: startEpoch, endEpochMs: startEpoch + durationMs },
  };
}
