/**
 * Deploy over real SSH: the content-addressed cache on the board (an unchanged file is never sent
 * twice, the board verifies hashes), corruption caught, and a real inference job by hil's agent.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_FORMAT, type AgentJob } from '../../harness/src/engine/job.js';
import { deployFiles } from '../../harness/src/devices/deploy/deploy-cache.js';
import { runAgentJob } from '../../harness/src/devices/deploy/run-agent-job.js';
import { ConfigError } from '../../harness/src/errors.js';
import { DEFAULT_NMS } from '../../harness/src/inference/model-spec.js';
import { savePreparedTensors } from '../../harness/src/inference/prepared-tensors.js';
import { prepareTensors } from '../../harness/src/inference/tensor-cache.js';
import { ROOT, startTestFarm, type TestFarm } from './farm-fixture.js';

const MODEL = path.join(ROOT, 'test/fixtures/models/tiny-ssd.onnx');
const CARD = path.join(ROOT, 'test/fixtures/models/tiny-ssd-card.png');
const local = mkdtempSync(path.join(os.tmpdir(), 'hil-deploy-test-'));
let t: TestFarm;
beforeAll(async () => {
  t = await startTestFarm(2);
});
afterAll(async () => {
  await t?.stop();
  rmSync(local, { recursive: true, force: true });
});

const opts = { timeoutMs: 60_000 };

describe('content-addressed deploy', () => {
  it('sends a file once; the second deploy sends 0 bytes and reuses the verified copy', async () => {
    const board = t.open('tx2-01');
    const file = path.join(local, 'model weights.bin');
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 42));
    const first = await deployFiles(board.transport, [file, MODEL], opts);
    expect(first.bytesSent).toBe(3 * 1024 * 1024 + (await import('node:fs')).statSync(MODEL).size);
    expect(first.files.every((f) => f.uploaded)).toBe(true);
    expect(first.files[0]!.remotePath).toBe(`${board.transport.workdir}/cache/${first.files[0]!.sha256}`);
    const second = await deployFiles(board.transport, [file, MODEL], opts);
    expect(second.bytesSent).toBe(0);
    expect(second.files.some((f) => f.uploaded)).toBe(false);
    const onBoard = await board.transport.exec(['sha256sum', second.files[0]!.remotePath], { stage: 'test', timeoutMs: 10_000 });
    expect(onBoard.stdout.split(' ')[0]).toBe(first.files[0]!.sha256);
  });

  it('a cached copy altered on the board is detected by its hash and sent again', async () => {
    const board = t.open('tx2-01');
    const file = path.join(local, 'altered.bin');
    writeFileSync(file, 'original content');
    const first = await deployFiles(board.transport, [file], opts);
    await board.transport.exec(['sh', '-c', 'printf tampered > "$1"', 'sh', first.files[0]!.remotePath], { stage: 'test', timeoutMs: 10_000 });
    const again = await deployFiles(board.transport, [file], opts);
    expect(again.files[0]!.uploaded).toBe(true);
    expect(again.bytesSent).toBe('original content'.length);
  });

  it('another board has its own cache', async () => {
    const other = t.open('tx2-02');
    const file = path.join(local, 'model weights.bin');
    const report = await deployFiles(other.transport, [file], opts);
    expect(report.bytesSent).toBe(3 * 1024 * 1024);
  });
});

describe('runAgentJob: hil\'s agent on an emulated board', () => {
  const spec = {
    name: 'tiny-ssd',
    input: { name: 'image', shape: [-1, 3, 64, 64], layout: 'NCHW', colorOrder: 'RGB', resize: 'stretch', scale: 1, mean: [127, 127, 127], std: [128, 128, 128] },
    output: { format: 'decoded-softmax', boxes: 'boxes', scores: 'scores', backgroundClass: 0 },
    nms: DEFAULT_NMS,
  } as AgentJob['spec'];
  let header = '';
  beforeAll(async () => {
    const tensors = await prepareTensors([{ id: 7, path: CARD }], spec.input);
    header = await savePreparedTensors(path.join(local, 'tensors dir'), tensors);
  });
  const jobFor = (modelPath: string, scenarios: AgentJob['scenarios']): AgentJob => ({
    format: JOB_FORMAT,
    modelPath,
    spec,
    session: { intraOpNumThreads: 1 },
    tensors: header,
    scenarios,
  });

  it('runs real inference on the board; the second run sends nothing', async () => {
    const board = t.open('tx2-02');
    const job = jobFor(MODEL, [{ scenario: 'accuracy' }, { scenario: 'single-stream', warmup: 1, minQueries: 20, minDurationMs: 50 }]);
    const first = await runAgentJob(board, job, { timeoutMs: 120_000 });
    expect(first.emulated).toBe(true);
    expect(first.board).toBe('tx2-02');
    expect(first.bytesSent).toBeGreaterThan(0);
    const [accuracy, latency] = first.result.scenarios;
    expect(accuracy).toMatchObject({ scenario: 'accuracy', images: 1 });
    expect(accuracy!.scenario === 'accuracy' && accuracy!.detections.length).toBeGreaterThan(0);
    expect(latency!.scenario === 'single-stream' && latency!.samplesMs.length).toBeGreaterThanOrEqual(20);
    const second = await runAgentJob(board, job, { timeoutMs: 120_000 });
    expect(second.bytesSent).toBe(0);
    expect(second.agentSha256).toBe(first.agentSha256);
    // The job folder is cleaned up; the cache keeps the inputs.
    const jobs = await board.transport.exec(['sh', '-c', 'ls "$1/jobs" | wc -l', 'sh', board.transport.workdir], { stage: 'test', timeoutMs: 10_000 });
    expect(jobs.stdout.trim()).toBe('0');
  });

  it('a corrupt model is a config error from the agent, named with the board', async () => {
    const board = t.open('tx2-01');
    const bad = path.join(local, 'truncated.onnx');
    writeFileSync(bad, Buffer.from('not an onnx model'));
    const error = await runAgentJob(board, jobFor(bad, [{ scenario: 'accuracy' }]), { timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^on tx2-01: /);
  });
});
