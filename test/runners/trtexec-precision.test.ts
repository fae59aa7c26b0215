/**
 * Precision as a test dimension, black box on emulated boards: the suite lists FP32, FP16 and INT8
 * for the pruned model; each is its own row on the GPU target. On a TX2 (JetPack 4: no Node, no
 * INT8) the FP32 and FP16 rows get mAP from trtexec and INT8 is skipped as unsupported on the
 * board; on a Xavier NX (TensorRT 8.5.2) and an Orin Nano (10.3.0) INT8 runs with the model's
 * calibration cache for that TensorRT and keeps >= 99% of FP32's mAP@.5. A missing cache is broken,
 * naming the file, never TensorRT's placeholder ranges.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { createTempProject, repoRoot, runHil, sliceGoldenDataset, type TempProject } from '../support/temp-project.js';

const MODELS = ['vgg-ssd-mini', 'vgg-ssd-mini-pruned', 'vgg-ssd-mini-pruned-int8'];
const farms: Record<string, EmulatedFarm> = {};
let project: TempProject;
beforeAll(async () => {
  for (const type of ['jetson2', 'xavier-nx', 'orin-nano']) farms[type] = await startEmulatedFarm({ boards: 1, type });
  project = createTempProject({
    models: readFileSync(path.join(repoRoot, 'golden', 'models', 'manifest.yaml'), 'utf8'),
    suite: [
      'dataset: golden/datasets/shapes-40',
      `models: [${MODELS.join(', ')}]`,
      'scenarios: { accuracy: true, singleStream: false, throughput: false }',
      'overlays: 0',
      'precisions:',
      '  vgg-ssd-mini-pruned: [fp32, fp16, int8]',
      'tolerances:',
      '  vgg-ssd-mini: { map50Min: 0.5 }',
      '  vgg-ssd-mini-pruned: { map50Min: 0.5 }',
      '  vgg-ssd-mini-pruned-int8: { map50Min: 0.5 }',
    ].join('\n'),
  });
  cpSync(path.join(repoRoot, 'golden', 'models'), path.join(project.dir, 'golden', 'models'), { recursive: true });
  sliceGoldenDataset(project.dir, 'golden/datasets/shapes-40', 40);
}, 180_000);
afterAll(async () => {
  project?.cleanup();
  await Promise.all(Object.values(farms).map((f) => f.stop()));
});

interface Row {
  model: string;
  baseModel: string;
  precision: string | null;
  target: string;
  runner: string | null;
  map50: number | null;
  emulated: boolean;
  provenance: { trtexec?: { tensorrtVersion: string; engine?: { precision: string; calibrationCacheSha256?: string } } } | null;
  verdicts: Array<{ check: string; status: string; message: string; value: number | null }>;
}

async function run(type: string, extra: string[] = [], model = 'vgg-ssd-mini-pruned'): Promise<{ code: number; rows: Row[]; stderr: string }> {
  const result = await runHil(project.dir, ['run', '--device', type, '--farm', farms[type]!.farmFile, '--model', model, '--json', ...extra]);
  return { code: result.code, stderr: result.stderr, rows: (JSON.parse(result.stdout) as { models: Row[] }).models };
}

describe('precision rows on GPU targets', () => {
  it('TX2: FP32 and FP16 rows with mAP from trtexec; INT8 skipped as unsupported on the board', async () => {
    const { code, rows, stderr } = await run('jetson2');
    expect(code, stderr.slice(-2000)).toBe(0);
    const gpu = (p: string) => rows.find((r) => r.target === 'igpu' && r.model === p)!;
    for (const name of ['vgg-ssd-mini-pruned', 'vgg-ssd-mini-pruned@fp16']) {
      expect(gpu(name)).toMatchObject({ runner: 'trtexec', emulated: true, baseModel: 'vgg-ssd-mini-pruned' });
      expect(gpu(name).map50).toBeGreaterThan(0.5);
    }
    expect(gpu('vgg-ssd-mini-pruned@fp16').precision).toBe('fp16');
    expect(gpu('vgg-ssd-mini-pruned@fp16').provenance?.trtexec?.engine?.precision).toBe('fp16');
    expect(gpu('vgg-ssd-mini-pruned@fp16').verdicts.find((v) => v.check === 'map50-vs-fp32')).toMatchObject({ status: 'passed' });
    const int8 = gpu('vgg-ssd-mini-pruned@int8');
    expect(int8.map50).toBeNull();
    for (const v of int8.verdicts) expect(v).toMatchObject({ status: 'skipped', message: expect.stringMatching(/^unsupported on tx2-01: INT8: jetson2's igpu runs FP32, FP16 only/) });
    // The CPU row says why hil's agent is not there (JetPack 4: glibc 2.27).
    const cpu = rows.find((r) => r.target === 'cpu')!;
    expect(cpu.verdicts[0]!.message).toMatch(/^unsupported on tx2-01: hil's agent needs Node 20 \(glibc >= 2\.28\)/);
  }, 300_000);

  for (const [type, tensorrt] of [['xavier-nx', '8.5.2'], ['orin-nano', '10.3.0']] as const) {
    it(`${type}: INT8 runs with the calibration cache for TensorRT ${tensorrt} and keeps >= 99% of FP32 mAP@.5`, async () => {
      const { code, rows, stderr } = await run(type, ['--target', 'igpu']);
      expect(code, stderr.slice(-2000)).toBe(0);
      const fp32 = rows.find((r) => r.model === 'vgg-ssd-mini-pruned')!;
      const int8 = rows.find((r) => r.model === 'vgg-ssd-mini-pruned@int8')!;
      expect(int8.provenance?.trtexec).toMatchObject({ tensorrtVersion: tensorrt, engine: { precision: 'int8', calibrationCacheSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      const ratio = int8.verdicts.find((v) => v.check === 'map50-vs-fp32')!;
      expect(ratio.status).toBe('passed');
      console.log(`${type}: mAP@.5 FP32 ${fp32.map50!.toFixed(4)}, INT8 ${int8.map50!.toFixed(4)} (${ratio.value!.toFixed(4)} × FP32)`);
      expect(int8.map50! / fp32.map50!).toBeGreaterThanOrEqual(0.99);
    }, 300_000);
  }

  it('an explicitly quantized (Q/DQ) model is an INT8 model: unsupported on the TX2, measured on the Xavier NX', async () => {
    const tx2 = await run('jetson2', ['--target', 'igpu'], 'vgg-ssd-mini-pruned-int8');
    expect(tx2.code, tx2.stderr.slice(-2000)).toBe(0);
    for (const v of tx2.rows[0]!.verdicts) expect(v.message).toMatch(/^unsupported on tx2-01: INT8 \(the model is explicitly quantized\): jetson2's igpu runs FP32, FP16 only/);
    const nx = await run('xavier-nx', ['--target', 'igpu'], 'vgg-ssd-mini-pruned-int8');
    expect(nx.code, nx.stderr.slice(-2000)).toBe(0);
    expect(nx.rows[0]!.provenance?.trtexec?.engine?.precision).toBe('int8');
    expect(nx.rows[0]!.map50).toBeGreaterThan(0.5);
  }, 300_000);

  it('a missing calibration cache: the INT8 row is broken naming the file and how to make it (exit 2)', async () => {
    const cache = path.join(project.dir, 'golden', 'models', 'calibration', 'vgg-ssd-mini-pruned.trt-8.5.2.calib');
    const kept = readFileSync(cache);
    rmSync(cache);
    try {
      const { code, rows } = await run('xavier-nx', ['--target', 'igpu', '--grep', 'int8']);
      expect(code).toBe(2);
      const int8 = rows.find((r) => r.model === 'vgg-ssd-mini-pruned@int8')!;
      expect(int8.verdicts[0]!.status).toBe('broken');
      expect(int8.verdicts[0]!.message).toContain(`vgg-ssd-mini-pruned: no INT8 calibration cache for TensorRT 8.5.2: ${cache} is missing`);
    } finally {
      writeFileSync(cache, kept);
    }
  }, 300_000);
});
