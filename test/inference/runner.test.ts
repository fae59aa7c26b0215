/**
 * The runner end to end with real inference on the tiny SSD fixture (test/fixtures/models).
 * The worker and agent-main run the compiled agent from harness/dist (npm test builds first).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../harness/src/errors.js';
import { harnessDistDir } from '../../harness/src/files/compiled-path.js';
import type { AgentModelSpec, AgentResult } from '../../harness/src/engine/job.js';
import { decodeOutputs } from '../../harness/src/inference/adapters/decode-outputs.js';
import { DEFAULT_NMS, type CocoDetection } from '../../harness/src/inference/model-spec.js';
import { savePreparedTensors, type PreparedTensors } from '../../harness/src/inference/prepared-tensors.js';
import { createRunner, type Runner } from '../../harness/src/engine/runner.js';
import { runAccuracy, runSingleStream, runThroughput } from '../../harness/src/engine/scenarios.js';
import { prepareTensors } from '../../harness/src/inference/tensor-cache.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/models');
const MODEL = join(FIXTURES, 'tiny-ssd.onnx');
const CARD = join(FIXTURES, 'tiny-ssd-card.png');
const spec: AgentModelSpec = {
  name: 'tiny-ssd',
  input: { name: 'image', shape: [-1, 3, 64, 64], layout: 'NCHW', colorOrder: 'RGB', resize: 'stretch', scale: 1, mean: [127, 127, 127], std: [128, 128, 128] },
  output: { format: 'decoded-softmax', boxes: 'boxes', scores: 'scores', backgroundClass: 0 },
  nms: DEFAULT_NMS,
};
const session = { intraOpNumThreads: 1 };

/** Every expected detection has a counterpart with the same class, score and box (float tolerance). */
function expectSameDetections(actual: CocoDetection[], expected: CocoDetection[]): void {
  expect(actual.length).toBe(expected.length);
  for (const e of expected) {
    const match = actual.find(
      (a) => a.image_id === e.image_id && a.category_id === e.category_id && Math.abs(a.score - e.score) < 1e-5 && a.bbox.every((v, i) => Math.abs(v - e.bbox[i]!) < 1e-3),
    );
    expect(match, `no match for ${JSON.stringify(e)}`).toBeDefined();
  }
}

describe('runner (worker thread) on the tiny SSD fixture', () => {
  let runner: Runner;
  let tensors: PreparedTensors;
  beforeAll(async () => {
    tensors = await prepareTensors([{ id: 7, path: CARD }], spec.input);
    runner = await createRunner(MODEL, spec, { session });
  });
  afterAll(async () => runner?.close());

  it('records the environment and session options it measured with', () => {
    expect(runner.environment.batchDynamic).toBe(true);
    expect(runner.environment.modelInputShape).toEqual(['batch', 3, 64, 64]);
    expect(runner.environment.session).toMatchObject({ intraOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' });
    expect(runner.environment.onnxruntime).toMatch(/^\d+\.\d+/);
  });

  it('accuracy: preprocessing + onnxruntime + decoding match torch on the same image', async () => {
    const ref = JSON.parse(await readFile(join(FIXTURES, 'tiny-ssd-reference.json'), 'utf8'));
    const fromTorch = decodeOutputs(
      spec,
      { scores: { dims: ref.scoresShape, data: ref.scores }, boxes: { dims: ref.boxesShape, data: ref.boxes } },
      tensors.metas,
    );
    expect(fromTorch.length).toBeGreaterThan(10);
    const result = await runAccuracy(runner, tensors);
    expect(result.images).toBe(1);
    expectSameDetections(result.detections, fromTorch);
  });

  it('single-stream: runs until both minimums hold, samples are raw per-query times', async () => {
    const r = await runSingleStream(runner, tensors, { warmup: 2, minQueries: 40, minDurationMs: 30 });
    expect(r.stopReason).toBe('min-met');
    expect(r.minQueriesMet).toBe(true);
    expect(r.samplesMs.length).toBeGreaterThanOrEqual(40);
    expect(r.stats.n).toBe(r.samplesMs.length);
    expect(r.samplesMs.every((v) => v > 0)).toBe(true);
    expect(r.stats.durationMs).toBeGreaterThanOrEqual(30);
    expect(r.stats.minMs).toBe(Math.min(...r.samplesMs));
    expect(r.window.endEpochMs).toBeGreaterThan(r.window.startEpochMs);
  });

  it('single-stream: the max-duration cap stops a run and says the minimum was not met', async () => {
    const r = await runSingleStream(runner, tensors, { warmup: 0, minQueries: 1_000_000, minDurationMs: 0, maxDurationMs: 5 });
    expect(r.stopReason).toBe('max-duration');
    expect(r.minQueriesMet).toBe(false);
    const capped = await runSingleStream(runner, tensors, { warmup: 0, minQueries: 100, minDurationMs: 0, maxQueries: 7 });
    expect(capped.stopReason).toBe('max-queries');
    expect(capped.samplesMs).toHaveLength(7);
  });

  it('throughput: batches when the batch dimension is dynamic', async () => {
    const r = await runThroughput(runner, tensors, { batchSize: 4, warmup: 1, minImages: 16, minDurationMs: 10 });
    expect(r.batch).toBe(4);
    expect(r.batchDynamic).toBe(true);
    expect(r.images).toBe(r.batches * 4);
    expect(r.images).toBeGreaterThanOrEqual(16);
    expect(r.fps).toBeCloseTo((r.images * 1000) / r.durationMs, 6);
  });

  it('reports progress while the worker measures (the main thread is not blocked)', async () => {
    const seen: number[] = [];
    await runSingleStream(runner, tensors, { warmup: 0, minQueries: 1, minDurationMs: 1_300 }, { onProgress: (p) => seen.push(p.done) });
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.every((d) => d > 0)).toBe(true);
  });

  it('a tensor/model mismatch is a config error from the worker', async () => {
    const small = await prepareTensors([{ id: 1, path: CARD }], { ...spec.input, shape: [1, 3, 32, 32] });
    await expect(runAccuracy(runner, small)).rejects.toMatchObject({ code: 'HIL_TENSORS_MISMATCH', family: 'config' });
  });
});

describe('runner lifecycle and errors', () => {
  it('in-process isolation gives the same detections as the worker', async () => {
    const tensors = await prepareTensors([{ id: 7, path: CARD }], spec.input);
    const inProc = await createRunner(MODEL, spec, { session, isolation: 'in-process' });
    const worker = await createRunner(MODEL, spec, { session });
    try {
      expectSameDetections((await runAccuracy(inProc, tensors)).detections, (await runAccuracy(worker, tensors)).detections);
    } finally {
      await inProc.close();
      await worker.close();
    }
  });

  it('abort stops the loop between inferences, rejects with the reason, and the runner stays usable', async () => {
    const tensors = await prepareTensors([{ id: 7, path: CARD }], spec.input);
    for (const isolation of ['worker', 'child-process'] as const) {
      const runner = await createRunner(MODEL, spec, { session, isolation });
      try {
        const ac = new AbortController();
        const pending = runSingleStream(runner, tensors, { minQueries: 1, minDurationMs: 60_000 }, { signal: ac.signal });
        setTimeout(() => ac.abort(new Error('stage timeout')), 300);
        await expect(pending).rejects.toThrow('stage timeout');
        const after = await runSingleStream(runner, tensors, { warmup: 0, minQueries: 5, minDurationMs: 0 });
        expect(after.samplesMs).toHaveLength(5);
      } finally {
        await runner.close();
      }
    }
  });

  it('child-process isolation measures and decodes like the worker', async () => {
    const tensors = await prepareTensors([{ id: 7, path: CARD }], spec.input);
    const child = await createRunner(MODEL, spec, { session, isolation: 'child-process' });
    const worker = await createRunner(MODEL, spec, { session });
    try {
      expect(child.isolation).toBe('child-process');
      expect(child.environment.batchDynamic).toBe(true);
      expectSameDetections((await runAccuracy(child, tensors)).detections, (await runAccuracy(worker, tensors)).detections);
      const t = await runThroughput(child, tensors, { batchSize: 2, warmup: 0, minImages: 4, minDurationMs: 0 });
      expect(t.batch).toBe(2);
    } finally {
      await child.close();
      await worker.close();
    }
    await expect(runAccuracy(child, tensors)).rejects.toMatchObject({ code: 'HIL_RUNNER_CLOSED' });
  });

  it('a missing model or a wrong input name is a config error', async () => {
    await expect(createRunner('/nonexistent/model.onnx', spec)).rejects.toBeInstanceOf(ConfigError);
    await expect(createRunner('/nonexistent/model.onnx', spec, { isolation: 'child-process' })).rejects.toMatchObject({ code: 'HIL_MODEL_UNLOADABLE' });
    await expect(createRunner(MODEL, { ...spec, input: { ...spec.input, name: 'data' } })).rejects.toThrow(/no input "data"; it has: image/);
    const badOutput = { ...spec, output: { format: 'ssd-raw' as const, loc: 'loc', conf: 'conf', confActivation: 'softmax' as const, backgroundClass: 0 } };
    await expect(createRunner(MODEL, badOutput, { isolation: 'in-process' })).rejects.toThrow(/no output "loc", "conf" \(output format ssd-raw\); it has: scores, boxes/);
  });
});

describe('agent-main.js (the on-board entry point)', () => {
  const run = promisify(execFile);
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hil-agent-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('runs a job from prepared tensors and writes the result file', async () => {
    const tensors = await prepareTensors([{ id: 7, path: CARD }], spec.input);
    const header = await savePreparedTensors(join(dir, 'tensors'), tensors);
    const job = {
      format: 'hil-agent-job/1',
      modelPath: MODEL,
      spec,
      session,
      tensors: header,
      scenarios: [{ scenario: 'single-stream', warmup: 1, minQueries: 10, minDurationMs: 1 }, { scenario: 'accuracy' }],
    };
    await writeFile(join(dir, 'job.json'), JSON.stringify(job));
    const { stderr } = await run(process.execPath, [join(harnessDistDir(), 'agent', 'agent-main.js'), join(dir, 'job.json'), '--out', join(dir, 'result.json')]);
    const result = JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')) as AgentResult;
    expect(result.ok, stderr).toBe(true);
    if (!result.ok) return;
    expect(result.scenarios.map((s) => s.scenario)).toEqual(['single-stream', 'accuracy']);
    expect(result.environment.session.intraOpNumThreads).toBe(1);
  });

  it('a bad job exits 3 with every problem named', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ format: 'hil-agent-job/1', spec: { input: {}, output: { format: 'yolo' } }, scenarios: [{ scenario: 'offline' }] }));
    const err = await run(process.execPath, [join(harnessDistDir(), 'agent', 'agent-main.js'), join(dir, 'bad.json')]).catch((e: { code: number; stdout: string }) => e);
    expect((err as { code: number }).code).toBe(3);
    const result = JSON.parse((err as { stdout: string }).stdout) as AgentResult;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('HIL_CONFIG_INVALID');
    for (const field of ['modelPath', 'spec.input.name', 'spec.output.format', 'spec.nms.iouThreshold', 'tensors', 'scenarios.0.scenario']) {
      expect(result.error.message).toContain(`bad.json: ${field}:`);
    }
  });
});
