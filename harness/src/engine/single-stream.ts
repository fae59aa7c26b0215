/**
 * Single-stream scenario (MLPerf LoadGen's): one query at a time, the next issued when the
 * previous returns. Warm-up first (untimed), then queries until BOTH minQueries and minDurationMs
 * hold, or a cap (maxDurationMs, maxQueries) stops it. Each sample is process.hrtime.bigint()
 * around `await session.run(feed)` only: the same call a bare onnxruntime loop times.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { computeLatencyStats } from '../metrics/latency-stats.js';
import { epochMs, nowNs, nsToMs, type LoopHooks } from './clock.js';
import type { Feed } from './feeds.js';
import type { SingleStreamParams, SingleStreamResult } from './job.js';

export const SINGLE_STREAM_DEFAULTS = {
  warmup: 10,
  minQueries: 662,
  minDurationMs: 10_000,
  maxDurationMs: 120_000,
  sampleCount: 256,
} as const;

export async function runSingleStreamLoop(
  session: InferenceSession,
  feeds: readonly Feed[],
  params: SingleStreamParams,
  hooks: LoopHooks = {},
): Promise<SingleStreamResult> {
  const warmup = params.warmup ?? SINGLE_STREAM_DEFAULTS.warmup;
  const minQueries = params.minQueries ?? SINGLE_STREAM_DEFAULTS.minQueries;
  const minNs = BigInt(Math.round((params.minDurationMs ?? SINGLE_STREAM_DEFAULTS.minDurationMs) * 1e6));
  const maxNs = BigInt(Math.round((params.maxDurationMs ?? SINGLE_STREAM_DEFAULTS.maxDurationMs) * 1e6));
  const maxQueries = params.maxQueries ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < warmup; i += 1) {
    await session.run(feeds[i % feeds.length]!);
    hooks.signal?.throwIfAborted();
  }

  const samples: number[] = [];
  let stopReason: SingleStreamResult['stopReason'] = 'min-met';
  const startEpoch = epochMs();
  const start = nowNs();
  let nextProgress = start + 1_000_000_000n;
  let end = start;
  for (let i = 0; ; i += 1) {
    const feed = feeds[i % feeds.length]!;
    const t0 = nowNs();
    await session.run(feed);
    const t1 = nowNs();
    samples.push(nsToMs(t1 - t0));
    end = t1;
    hooks.signal?.throwIfAborted();
    const elapsed = t1 - start;
    if (samples.length >= minQueries && elapsed >= minNs) break;
    if (elapsed >= maxNs) {
      stopReason = 'max-duration';
      break;
    }
    if (samples.length >= maxQueries) {
      stopReason = 'max-queries';
      break;
    }
    if (hooks.onProgress && t1 >= nextProgress) {
      nextProgress = t1 + 1_000_000_000n;
      hooks.onProgress({ phase: 'single-stream', done: samples.length, target: minQueries, elapsedMs: nsToMs(elapsed) });
    }
  }
  const durationMs = nsToMs(end - start);
  return {
    scenario: 'single-stream',
    samplesMs: samples,
    stats: computeLatencyStats(samples, durationMs),
    warmup,
    sampleCount: feeds.length,
    stopReason,
    minQueriesMet: samples.length >= minQueries,
    window: { startEpochMs: startEpoch, endEpochMs: startEpoch + durationMs },
  };
}
