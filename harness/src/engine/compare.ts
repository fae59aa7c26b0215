/**
 * The compare scenario: the old (A) and new (B) version of a model timed interleaved on one
 * machine, in blocks A B | B A | A B ... after the same warm-up, so that drift (clocks, heat) and a
 * neighbour's load hit both versions alike. Each block's median is what a paired comparison uses:
 * queries inside a run are not independent, blocks of them nearly are.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { epochMs, nowNs, nsToMs, type LoopHooks } from './clock.js';
import type { Feed } from './feeds.js';
import type { CompareParams, CompareResult } from './job.js';

export const COMPARE_DEFAULTS = { warmup: 20, blocks: 30, blockQueries: 40, sampleCount: 64 } as const;

export interface CompareSide {
  session: InferenceSession;
  feeds: readonly Feed[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function block(side: CompareSide, queries: number, offset: number, out: number[], hooks: LoopHooks): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < queries; i += 1) {
    const feed = side.feeds[(offset + i) % side.feeds.length]!;
    const t0 = nowNs();
    await side.session.run(feed);
    times.push(nsToMs(nowNs() - t0));
    hooks.signal?.throwIfAborted();
  }
  out.push(...times);
  return median(times);
}

export async function runCompareLoop(a: CompareSide, b: CompareSide, params: CompareParams, hooks: LoopHooks = {}): Promise<CompareResult> {
  const warmup = params.warmup ?? COMPARE_DEFAULTS.warmup;
  const blocks = Math.max(2, params.blocks ?? COMPARE_DEFAULTS.blocks);
  const queries = Math.max(1, params.blockQueries ?? COMPARE_DEFAULTS.blockQueries);
  // Warm-up interleaved too: neither version gets the colder start.
  for (let i = 0; i < warmup; i += 1) {
    await a.session.run(a.feeds[i % a.feeds.length]!);
    await b.session.run(b.feeds[i % b.feeds.length]!);
    hooks.signal?.throwIfAborted();
  }
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  const out: CompareResult['blocks'] = [];
  const startEpochMs = epochMs();
  const start = nowNs();
  for (let i = 0; i < blocks; i += 1) {
    const aFirst = i % 2 === 0;
    const offset = i * queries;
    let aMedianMs: number;
    let bMedianMs: number;
    if (aFirst) {
      aMedianMs = await block(a, queries, offset, samplesA, hooks);
      bMedianMs = await block(b, queries, offset, samplesB, hooks);
    } else {
      bMedianMs = await block(b, queries, offset, samplesB, hooks);
      aMedianMs = await block(a, queries, offset, samplesA, hooks);
    }
    out.push({ aMedianMs, bMedianMs, aFirst });
    hooks.onProgress?.({ phase: 'compare', done: i + 1, target: blocks, elapsedMs: nsToMs(nowNs() - start) });
  }
  return { scenario: 'compare', blocks: out, samplesA, samplesB, window: { startEpochMs, endEpochMs: epochMs() } };
}
