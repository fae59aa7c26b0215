/**
 * The trtexec runner over real SSH on an emulated TX2 (its trtexec times the model with
 * onnxruntime on the host CPU): per-query samples and stats from the board, a window on the
 * board's clock, the engine built once and reused, and failures in trtexec's own words.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeLatencyStats } from '../../harness/src/metrics/latency-stats.js';
import { TrtexecRunner } from '../../harness/src/runners/trtexec-runner.js';
import { ROOT, startTestFarm, type TestFarm } from '../farm/farm-fixture.js';

const model = { name: 'tiny-ssd', filePath: path.join(ROOT, 'test/fixtures/models/tiny-ssd.onnx'), input: { name: 'image', shape: [-1, 3, 64, 64] as [number, number, number, number] } };
const limits = { timeoutMs: 60_000, setupTimeoutMs: 30_000 };
const timing = { warmUpMs: 200, durationS: 0, iterations: 64 };
let t: TestFarm;
beforeAll(async () => {
  t = await startTestFarm(1);
});
afterAll(async () => {
  await t?.stop();
});

describe('trtexec runner on an emulated board', () => {
  it('gives per-query samples and stats measured on the board, inside a window on its clock', async () => {
    const board = t.open('tx2-01');
    const before = Number((await board.transport.exec(['date', '+%s%3N'], { stage: 'test', timeoutMs: 10_000 })).stdout);
    const run = await new TrtexecRunner(board, 'igpu').run(model, timing, limits);
    expect(run.tool).toMatchObject({ version: '8.2.1' }); // a TX2 on JetPack 4.6.1
    expect(run.tool.path).toMatch(/\/trtexec$/);
    expect(run.latencyMs.length).toBe(run.summary.timedQueries);
    expect(run.latencyMs.length).toBeGreaterThanOrEqual(64);
    expect(run.latencyMs.every((v) => v > 0)).toBe(true);
    // trtexec's summary and hil's statistics over the exported samples agree (6 printed digits).
    const stats = computeLatencyStats(run.latencyMs);
    expect(stats.meanMs).toBeCloseTo(run.summary.latency.mean, 3);
    expect(stats.minMs).toBeCloseTo(run.summary.latency.min, 4);
    expect(run.inferences).toBe(run.latencyMs.length + run.summary.warmup!.queries);
    expect(run.window.startEpochMs).toBeGreaterThanOrEqual(before);
    expect(run.window.endEpochMs - run.window.startEpochMs).toBeGreaterThanOrEqual(200);
    expect(run.command).toContain('--exportTimes=');
    expect(run.command).toContain('--shapes=image:1x3x64x64');
  });

  it('builds the engine once per board and model; a second run loads it', async () => {
    const board = t.open('tx2-01');
    const runner = new TrtexecRunner(board, 'igpu');
    const first = await runner.engine(model, 1, limits);
    // A rebuild lands by rename (a new inode); reuse only touches the file (its last use, for eviction).
    const stat = async () => (await board.transport.exec(['stat', '-c', '%i %s %Y', first.remotePath], { stage: 'test', timeoutMs: 10_000 })).stdout.trim().split(' ').map(Number);
    const [inode, size, usedAt] = await stat();
    const again = await runner.run(model, { ...timing, iterations: 16 }, limits);
    expect(again.engine).toMatchObject({ remotePath: first.remotePath, built: false, buildMs: null });
    const [inodeAfter, sizeAfter, usedAfter] = await stat();
    expect([inodeAfter, sizeAfter]).toEqual([inode, size]);
    expect(usedAfter).toBeGreaterThanOrEqual(usedAt!);
    // Another batch is another engine (the shapes are built in).
    const batch4 = await runner.engine(model, 4, limits);
    expect(batch4.remotePath).not.toBe(first.remotePath);
    expect(batch4.shapes).toBe('image:4x3x64x64');
  });

  it('a corrupt cached engine fails in trtexec\'s words; a missing trtexec says where it looked', async () => {
    const board = t.open('tx2-01');
    const runner = new TrtexecRunner(board, 'igpu');
    const engine = await runner.engine(model, 2, limits);
    await board.transport.exec(['sh', '-c', 'printf garbage > "$1"', 'sh', engine.remotePath], { stage: 'test', timeoutMs: 10_000 });
    await expect(runner.run(model, { ...timing, batch: 2 }, limits)).rejects.toMatchObject({ code: 'HIL_TRTEXEC_FAILED', message: expect.stringMatching(/&&&& FAILED.*Serialization/) });
    await board.transport.exec(['rm', '-f', engine.remotePath], { stage: 'test', timeoutMs: 10_000 });

    const elsewhere = { ...board, profile: { ...board.profile, trtexec: { path: '/opt/nowhere/trtexec', fp16: false } } };
    await expect(new TrtexecRunner(elsewhere, 'igpu').tool(limits)).rejects.toMatchObject({ code: 'HIL_TRTEXEC_MISSING', message: expect.stringContaining('/opt/nowhere/trtexec') });
  });
});
