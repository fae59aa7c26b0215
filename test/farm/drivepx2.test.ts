/**
 * The Drive PX2 as a target, black box on an emulated PX2 half (`hil emulate --type drivepx2`):
 * DRIVE OS 5's glibc 2.23 (no Node, so the CPU rows are skipped with the reason), its integrated
 * Tegra X2 GPU and discrete GP106 timed and scored through trtexec (`--device` as the probe found
 * them), power from the board's lab meter (an emulated SCPI analyser), its source named. The probe
 * decides what runs: `hil devices check` prints it, and a board whose trtexec predates TensorRT 6
 * (no per-query times, no exported outputs) is broken naming what it lacks, never green.
 */
import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { createTempProject, repoRoot, runHil, sliceGoldenDataset, type TempProject } from '../support/temp-project.js';
import { farmWithoutMeters } from '../support/farm-without-meters.js';
import type { CheckJson } from '../reliability/reliability-project.js';

let farm: EmulatedFarm;
let project: TempProject;
beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 1, type: 'drivepx2' });
  project = createTempProject({
    models: readFileSync(path.join(repoRoot, 'golden', 'models', 'manifest.yaml'), 'utf8'),
    suite: [
      'dataset: golden/datasets/shapes-16',
      'models: [vgg-ssd-mini-pruned]',
      'scenarios: { accuracy: true, singleStream: true, throughput: false }',
      'overlays: 0',
      'precisions:',
      '  vgg-ssd-mini-pruned: [fp32, int8]',
      'tolerances:',
      '  vgg-ssd-mini-pruned: { map50Min: 0.5, map50DropMaxPoints: 100, map50MinRatioVsFp32: 0.9 }',
    ].join('\n'),
    config: 'export default { singleStream: { warmup: 1, minQueries: 20, minDurationMs: 1500 } };\n',
  });
  cpSync(path.join(repoRoot, 'golden', 'models'), path.join(project.dir, 'golden', 'models'), { recursive: true });
  sliceGoldenDataset(project.dir, 'golden/datasets/shapes-16', 16);
}, 180_000);
afterAll(async () => {
  project?.cleanup();
  await farm?.stop();
});

interface Row {
  model: string;
  target: string;
  runner: string | null;
  emulated: boolean;
  map50: number | null;
  power: { source: string } | null;
  meanW: number | null;
  provenance: { probe?: { gpu?: { cudaId: number; name: string }; mismatches: string[] }; trtexec?: { command?: string; selectedDevice?: { name: string; computeCapability: string | null } } } | null;
  verdicts: Array<{ check: string; status: string; message: string; value: number | null }>;
}
async function run(extra: string[], farmFile = farm.farmFile): Promise<{ code: number; rows: Row[]; checks: CheckJson[]; stderr: string }> {
  const r = await runHil(project.dir, ['run', '--device', 'drivepx2', '--farm', farmFile, '--json', ...extra]);
  const doc = JSON.parse(r.stdout) as { models: Row[]; checks: CheckJson[] };
  return { code: r.code, rows: doc.models, checks: doc.checks, stderr: r.stderr };
}

describe('Drive PX2: cpu, igpu and dgpu', () => {
  it('the emulated PX2 gets its lab meter by default', () => {
    expect([...farm.meters.keys()]).toEqual(['px2-01']);
    expect(readFileSync(farm.farmFile, 'utf8')).toMatch(/meter:\n\s+scpi:\n\s+host: 127\.0\.0\.1/);
  });

  it('cpu skipped (no Node on glibc 2.23); igpu and dgpu with mAP, latency and meter power, each GPU as probed', async () => {
    const { code, rows, stderr } = await run([]);
    expect(code, stderr.slice(-3000)).toBe(0);
    const row = (target: string, model = 'vgg-ssd-mini-pruned') => rows.find((r) => r.target === target && r.model === model)!;
    for (const v of row('cpu').verdicts) expect(v).toMatchObject({ status: 'skipped', message: expect.stringMatching(/^unsupported on px2-01: hil's agent needs Node 20 \(glibc >= 2\.28\).*GLIBC 2\.23/) });
    for (const [target, cudaId, name] of [['dgpu', 0, 'GP106'], ['igpu', 1, 'NVIDIA Tegra X2']] as const) {
      const r = row(target);
      expect(r).toMatchObject({ runner: 'trtexec', emulated: true });
      expect(r.map50).toBeGreaterThan(0.5);
      expect(r.verdicts.find((v) => v.check === 'p99')).toMatchObject({ status: 'passed' });
      expect(r.verdicts.find((v) => v.check === 'power')).toMatchObject({ status: 'passed', message: expect.stringContaining('(devices/drivepx2.yaml)') });
      expect(r.power?.source).toMatch(/^meter YOKOGAWA,WT310E,HIL-EMULATED,F1\.03 at 127\.0\.0\.1:\d+ \(whole board; clock offset ±\d+ ms\)$/);
      expect(r.meanW).toBeGreaterThan(25);
      expect(r.provenance?.probe?.gpu).toMatchObject({ cudaId, name });
      expect(r.provenance?.probe?.mismatches).toEqual([]);
      expect(JSON.stringify(r.provenance?.trtexec)).toContain(`--device=${cudaId}`);
      // trtexec's own word on the GPU it ran on: the GP106's compute capability, unknown to its old driver's nvidia-smi.
      expect(r.provenance?.trtexec?.selectedDevice).toMatchObject({ name: expect.stringMatching(new RegExp(`^${name}`)), computeCapability: target === 'dgpu' ? '6.1' : '6.2' });
    }
    // INT8: the discrete Pascal (6.1) builds it from the TensorRT 8.2.1 calibration cache; the Tegra X2 cannot.
    expect(row('dgpu', 'vgg-ssd-mini-pruned@int8').verdicts.find((v) => v.check === 'map50-vs-fp32')).toMatchObject({ status: 'passed' });
    for (const v of row('igpu', 'vgg-ssd-mini-pruned@int8').verdicts) expect(v).toMatchObject({ status: 'skipped', message: expect.stringMatching(/^unsupported on px2-01: INT8: drivepx2's igpu runs FP32, FP16 only/) });
  }, 600_000);

  it('no meter in the inventory: the required power check says which source is missing (exit 2)', async () => {
    const { code, checks } = await run(['--target', 'dgpu', '--grep', 'power'], farmWithoutMeters(farm.farmFile, project.dir));
    expect(code).toBe(2);
    expect(checks.find((c) => c.check === 'power' && c.model === 'vgg-ssd-mini-pruned')).toMatchObject({
      status: 'broken',
      error: expect.stringContaining("not measured: drivepx2's power source is an external meter, and the farm inventory gives px2-01 none (its meter: entry)"),
    });
  }, 300_000);

  it('a meter answering garbage: broken, naming the reply', async () => {
    farm.meters.get('px2-01')!.setFault('garbage');
    try {
      const { code, checks } = await run(['--target', 'igpu', '--grep', 'power']);
      expect(code).toBe(2);
      expect(checks.find((c) => c.check === 'power' && c.model === 'vgg-ssd-mini-pruned')).toMatchObject({ status: 'broken', error: expect.stringMatching(/answered not a number: .*garbage/) });
    } finally {
      farm.meters.get('px2-01')!.setFault('none');
    }
  }, 300_000);

  it('hil devices check prints the probed capabilities: TensorRT, GPUs, precisions, power sources', async () => {
    const text = await runHil(project.dir, ['devices', 'check', '--farm', farm.farmFile]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('  capabilities (probed):\n    tensorrt: 8.2.1 (');
    expect(text.stdout).toContain('    gpu 0: GP106, discrete, compute unknown, precisions unknown until trtexec runs on it\n    gpu 1: NVIDIA Tegra X2, integrated, compute 6.2, precisions fp32/fp16\n');
    expect(text.stdout).toMatch(/power: tegrastats no \(prints no power rails\); ina3221 no \(no INA3221 in sysfs\); nvidia-smi no \(power\.draw not reported \(\[N\/A\]\)\); meter answers \(YOKOGAWA/);
    const json = await runHil(project.dir, ['devices', 'check', '--farm', farm.farmFile, '--json']);
    const [report] = JSON.parse(json.stdout) as Array<{ capabilities: { tensorrt: { version: string; exportOutput: boolean }; gpus: unknown[] }; mismatches: string[] }>;
    expect(report!.capabilities.tensorrt).toMatchObject({ version: '8.2.1', exportOutput: true });
    expect(report!.capabilities.gpus).toHaveLength(2);
    expect(report!.mismatches).toEqual([]);
  }, 120_000);

  it('an image with TensorRT 5: the probe says so, and the GPU checks are broken naming the version, never green', async () => {
    const [board] = farm.boards;
    board!.setState({ tensorrt: '5.0.3' });
    try {
      const json = await runHil(project.dir, ['devices', 'check', '--farm', farm.farmFile, '--json']);
      const [report] = JSON.parse(json.stdout) as Array<{ capabilities: { tensorrt: Record<string, unknown> } }>;
      expect(report!.capabilities.tensorrt).toMatchObject({ version: '5.0.3', onnx: true, loadInputs: false, exportOutput: false, exportTimes: false });
      const { code, checks } = await run(['--target', 'dgpu', '--grep', 'p99']);
      expect(code).toBe(2);
      expect(checks.find((c) => c.check === 'p99' && c.model === 'vgg-ssd-mini-pruned')).toMatchObject({
        status: 'broken',
        errorCode: 'HIL_CAPABILITY_MISSING',
        error: expect.stringContaining('trtexec on px2-01 (TensorRT 5.0.3) has no --exportTimes (TensorRT 6.0+)'),
      });
    } finally {
      board!.setState({ tensorrt: undefined });
    }
  }, 300_000);

  it("power from nvidia-smi (the dGPU's own draw) where the driver reports it; [N/A] is not measured, never 0 W", async () => {
    const profileFile = path.join(project.dir, 'devices', 'drivepx2.yaml');
    const original = readFileSync(profileFile, 'utf8');
    const smi = original.replace(/power:\n(  #[^\n]*\n)*  source: meter\n/, 'power:\n  source: nvidia-smi\n  gpu: 0\n');
    // A lab that budgets the dGPU's own draw says so; the shipped budget is for the meter.
    writeFileSync(profileFile, smi.replace('powerOn: meter', 'powerOn: nvidia-smi'));
    const [board] = farm.boards;
    try {
      const na = await run(['--target', 'dgpu', '--grep', 'power']);
      expect(na.code).toBe(2);
      expect(na.checks.find((c) => c.check === 'power' && c.model === 'vgg-ssd-mini-pruned')).toMatchObject({ status: 'broken', error: expect.stringContaining('not measured: nvidia-smi gave no power.draw for GPU 0 (it answered [N/A])') });
      board!.setState({ dgpuReportsPower: true });
      const { code, rows, stderr } = await run(['--target', 'dgpu', '--grep', 'power']);
      expect(code, stderr.slice(-2000)).toBe(0);
      const row = rows.find((r) => r.model === 'vgg-ssd-mini-pruned')!;
      expect(row.power?.source).toBe("nvidia-smi power.draw GPU 0 (the discrete GPU's board only, not the whole board)");
      expect(row.meanW).toBeGreaterThan(9);
      // The shipped budget is for the whole board at the meter: a dGPU figure is recorded, not held to it.
      writeFileSync(profileFile, smi);
      const other = await run(['--target', 'dgpu', '--grep', 'power']);
      expect(other.code).toBe(2);
      expect(other.checks.find((c) => c.check === 'power' && c.model === 'vgg-ssd-mini-pruned')).toMatchObject({
        status: 'broken',
        error: expect.stringMatching(/not measured against the budget: devices\/drivepx2\.yaml budgets\.powerMaxW is for meter, and drivepx2's power\.source is nvidia-smi \(\d+\.\d\d W from nvidia-smi power\.draw GPU 0/),
      });
    } finally {
      writeFileSync(profileFile, original);
      board!.setState({ dgpuReportsPower: undefined });
    }
  }, 300_000);
});
