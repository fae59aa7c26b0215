import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStreamScenario } from '../../harness/src/engine/stream/stream-scenario.js';
import type { StreamOutcome } from '../../harness/src/engine/stream/stream-types.js';
import { buildAgentBundle } from '../../harness/src/devices/deploy/agent-bundle.js';
import { generateDataset } from '../../harness/src/golden/generate-dataset.js';
import type { AgentModelSpec } from '../../harness/src/engine/job.js';
import { prepareFrameFile } from '../../harness/src/sessions/stream-frames.js';

const root = path.resolve(import.meta.dirname, '../..');
const modelPath = path.join(root, 'test/fixtures/models/tiny-ssd.onnx');
const spec: AgentModelSpec = {
  name: 'tiny-ssd',
  input: { name: 'image', shape: [-1, 3, 64, 64], layout: 'NCHW', colorOrder: 'RGB', resize: 'stretch', scale: 1, mean: [127, 127, 127], std: [128, 128, 128] },
  output: { format: 'decoded-softmax', boxes: 'boxes', scores: 'scores', backgroundClass: 0 },
  nms: { iouThreshold: 0.45, topKBefore: 400, keepTopK: 200, confidenceThreshold: 0.01 },
};
const FRAMES = 48;
// Far above what preprocessing + inference + decoding can sustain anywhere: inference is slower
// than the camera, so `latest` must skip frames and `fifo` must queue them.
const FAST_CAMERA = 10_000;

let dir: string;
let frames: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hil-stream-'));
  await generateDataset({ outDir: path.join(dir, 'seq'), count: FRAMES, seed: 4, width: 96, height: 72, sequence: true });
  frames = await prepareFrameFile(Array.from({ length: FRAMES }, (_, i) => ({ id: i + 1, path: path.join(dir, 'seq', 'images', `${String(i + 1).padStart(6, '0')}.jpg`) })), dir);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectOrderedTimes(s: StreamOutcome): void {
  for (const f of s.frames) {
    expect(f.captureMs).toBeLessThanOrEqual(f.pickMs);
    expect(f.pickMs).toBeLessThanOrEqual(f.preprocessedMs);
    expect(f.preprocessedMs).toBeLessThanOrEqual(f.inferredMs);
    expect(f.inferredMs).toBeLessThanOrEqual(f.resultMs);
    expect(f.resultMs - f.captureMs).toBeGreaterThan(0);
    expect(f.imageId).toBe(f.seq + 1);
  }
  const g = s.glassToGlass!;
  expect(g.minMs).toBeGreaterThan(0);
  expect([g.minMs, g.p50Ms, g.p90Ms, g.p99Ms, g.maxMs]).toEqual([g.minMs, g.p50Ms, g.p90Ms, g.p99Ms, g.maxMs].sort((a, b) => a - b));
  expect(s.processed + s.dropped).toBe(s.produced);
  expect(s.droppedAtMs).toHaveLength(s.dropped);
  // Detections are reported only for frames that were processed.
  const processed = new Set(s.frames.map((f) => f.imageId));
  expect(s.detections.every((d) => processed.has(d.image_id))).toBe(true);
}

describe('stream scenario with a real model, producer and consumer in worker threads', () => {
  it('latest: the consumer skips to the newest frame, so frames are dropped when inference is slower than the camera', async () => {
    const result = await runStreamScenario({ modelPath, spec }, { scenario: 'stream', frames, cameraFps: FAST_CAMERA, policy: 'latest', warmup: 1 });
    const s = result.streams[0]!;
    expect(result.slots).toBe(3);
    expect(s.produced).toBe(FRAMES);
    expect(s.dropped).toBeGreaterThan(0);
    expect(s.processed).toBeGreaterThan(0);
    const seqs = s.frames.map((f) => f.seq);
    expect(seqs.every((q, i) => i === 0 || q > seqs[i - 1]!)).toBe(true);
    // When the camera stops, the newest frame is the last one processed.
    expect(seqs.at(-1)).toBe(FRAMES - 1);
    expectOrderedTimes(s);
  });

  it('fifo: every frame is processed, in capture order, none dropped', async () => {
    const result = await runStreamScenario({ modelPath, spec }, { scenario: 'stream', frames, cameraFps: FAST_CAMERA, policy: 'fifo', warmup: 1 });
    const s = result.streams[0]!;
    expect(result.slots).toBe(FRAMES);
    expect(s.dropped).toBe(0);
    expect(s.frames.map((f) => f.seq)).toEqual(Array.from({ length: FRAMES }, (_, i) => i));
    expectOrderedTimes(s);
    // Queued frames wait: each frame's result comes after the previous frame's.
    expect(s.frames.every((f, i) => i === 0 || f.resultMs >= s.frames[i - 1]!.resultMs)).toBe(true);
  });

  it('runs several independent streams at once and totals them', async () => {
    const result = await runStreamScenario({ modelPath, spec }, { scenario: 'stream', frames, cameraFps: 200, policy: 'latest', warmup: 0, maxFrames: 12, streams: 2 });
    expect(result.streams.map((s) => [s.stream, s.produced])).toEqual([[0, 12], [1, 12]]);
    expect(result.totalProcessedFps).toBeCloseTo(result.streams[0]!.processedFps + result.streams[1]!.processedFps, 9);
  });

  it('a model that cannot load fails as a config error naming it, and every thread ends', async () => {
    await expect(runStreamScenario({ modelPath: path.join(dir, 'missing.onnx'), spec }, { scenario: 'stream', frames, streams: 2 })).rejects.toMatchObject({ code: 'HIL_MODEL_UNLOADABLE' });
  });

  it('an abort stops the cameras and consumers between frames', async () => {
    const controller = new AbortController();
    const run = runStreamScenario({ modelPath, spec }, { scenario: 'stream', frames, cameraFps: 5, policy: 'fifo', warmup: 0 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop now')), 300);
    await expect(run).rejects.toThrow('stop now');
  });

  it('bad parameters are config errors naming the field', async () => {
    await expect(runStreamScenario({ modelPath, spec }, { scenario: 'stream', frames, cameraFps: 0 })).rejects.toMatchObject({ code: 'HIL_STREAM_PARAMS', message: expect.stringContaining('cameraFps') });
    await expect(runStreamScenario({ modelPath, spec }, { scenario: 'stream', frames: path.join(dir, 'nope.frames') })).rejects.toMatchObject({ code: 'HIL_FRAMES_UNREADABLE' });
  });
});

describe('stream scenario through the on-board agent', () => {
  it('agent-main runs a stream-only job (frames relative to the job file), and the bundle carries the stream worker', async () => {
    const job = { format: 'hil-agent-job/1', modelPath, spec, scenarios: [{ scenario: 'stream', frames: path.relative(dir, frames), cameraFps: 300, policy: 'fifo', maxFrames: 6, warmup: 0 }] };
    writeFileSync(path.join(dir, 'job.json'), JSON.stringify(job));
    const agent = path.join(root, 'harness/dist/agent/agent-main.js');
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [agent, path.join(dir, 'job.json')], (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out))),
    );
    const result = JSON.parse(stdout) as { ok: boolean; scenarios: Array<{ scenario: string; streams: StreamOutcome[] }> };
    expect(result.ok).toBe(true);
    expect(result.scenarios[0]!.streams[0]!.frames.map((f) => f.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    const bundle = buildAgentBundle();
    expect(bundle.files).toEqual(expect.arrayContaining(['engine/stream/stream-worker.js', 'engine/stream/frame-ring.js', 'engine/stream/frame-preprocess.js']));
    // Frames are decoded on the host: nothing of the stream needs sharp on the board.
    expect(bundle.files).not.toContain('sessions/stream-frames.js');
  });
});
