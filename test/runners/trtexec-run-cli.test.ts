/**
 * Black box: `hil run --device jetson2` on two emulated TX2 boards measures each model on both
 * targets of the profile, the CPU (hil's agent) and the GPU (trtexec, emulated), with power on
 * both, and accuracy on both: on the GPU from TensorRT's own outputs (--loadInputs/--exportOutput).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { createTempProject, runHil, type TempProject } from '../support/temp-project.js';

let farm: EmulatedFarm;
let project: TempProject;
beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 2, upgradedNode: true });
  project = createTempProject({
    config: "export default { singleStream: { warmup: 2, minQueries: 64, minDurationMs: 300 }, throughput: { batch: 4, minDurationMs: 300 } };\n",
  });
}, 120_000);
afterAll(async () => {
  project?.cleanup();
  await farm?.stop();
});

interface ModelJson {
  model: string;
  board: string;
  target: string;
  runner: string;
  latency: { n: number; medianMs: number; p99Ms: number } | null;
  throughput: { batch: number; fps: number } | null;
  meanW: number | null;
  map: number | null;
  provenance: { emulated?: boolean; runner?: string; target?: string; trtexec?: { tensorrtVersion: string; engine?: { fp16: boolean } } } | null;
  verdicts: Array<{ check: string; status: string; message: string; required?: boolean }>;
  emulated: boolean;
}

describe('hil run on a device with a CPU and a GPU target', () => {
  it('runs jetson2 (cpu, ort-agent) and jetson2:igpu (trtexec) with power and accuracy on both', async () => {
    const result = await runHil(project.dir, ['run', '--farm', farm.farmFile, '--device', 'jetson2', '--json']);
    // Budgets may pass or fail on a loaded host; nothing may break.
    expect([0, 1], result.stderr.slice(-2000)).toContain(result.code);
    const doc = JSON.parse(result.stdout) as { models: ModelJson[]; checks: Array<{ target: string; check: string; status: string }> };
    const cpu = doc.models.find((m) => m.target === 'cpu')!;
    const igpu = doc.models.find((m) => m.target === 'igpu')!;
    expect(cpu.runner).toBe('ort-agent');
    expect(igpu.runner).toBe('trtexec');
    for (const m of [cpu, igpu]) {
      expect(m.latency!.n).toBeGreaterThanOrEqual(64);
      expect(m.meanW, `${m.target} power`).toBeGreaterThan(0);
      expect(m.provenance!.emulated).toBe(true);
      expect(m.verdicts.every((v) => v.status !== 'broken')).toBe(true);
    }
    expect(cpu.map).not.toBeNull();
    expect(igpu.map).not.toBeNull();
    // The GPU target's mAP comes from TensorRT's exported outputs, decoded by the same code.
    expect(igpu.verdicts.find((v) => v.check === 'map50')).toBeDefined();
    expect(cpu.verdicts.find((v) => v.check === 'map50')).toBeDefined();
    // Power is required on jetson2 and measured on both targets; every figure says it is emulated.
    for (const m of [cpu, igpu]) expect(m.verdicts.find((v) => v.check === 'power')).toMatchObject({ required: true });
    expect([cpu.emulated, igpu.emulated]).toEqual([true, true]);
    expect(igpu.throughput!.fps).toBeGreaterThan(0);
    expect(igpu.provenance).toMatchObject({ runner: 'trtexec (emulated)', target: 'igpu', trtexec: { tensorrtVersion: '8.2.1' } });
    // The console table and Allure name the target; Allure labels the emulated results.
    expect(doc.checks.filter((c) => c.target === 'igpu').length).toBe(doc.checks.filter((c) => c.target === 'cpu').length);
    const allureDir = path.join(project.dir, 'reports', 'allure-results');
    const labels = readdirSync(allureDir)
      .filter((f) => f.endsWith('-result.json'))
      .flatMap((f) => (JSON.parse(readFileSync(path.join(allureDir, f), 'utf8')) as { labels: Array<{ name: string; value: string }> }).labels);
    expect(labels.filter((l) => l.name === 'target').map((l) => l.value).sort()).toContain('igpu');
    expect(labels.filter((l) => l.name === 'emulated' && l.value === 'true').length).toBe(doc.checks.length);
  }, 180_000);

  it('--target narrows the run to one target; an unknown one is a config error (exit 3)', async () => {
    const bad = await runHil(project.dir, ['run', '--farm', farm.farmFile, '--device', 'jetson2', '--target', 'dgpu']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/--target dgpu: device "jetson2" has no dgpu \(targets of jetson2: cpu, igpu\)/);
    const only = await runHil(project.dir, ['run', '--farm', farm.farmFile, '--device', 'jetson2', '--target', 'igpu', '--grep', 'p99', '--json']);
    expect([0, 1], only.stderr.slice(-2000)).toContain(only.code);
    const doc = JSON.parse(only.stdout) as { models: ModelJson[] };
    expect(doc.models.map((m) => m.target)).toEqual(['igpu']);
  }, 120_000);

  it('stops at maxDurationMs like the agent: trtexec is given only the queries that fit (calibrated on the engine)', async () => {
    const capped = createTempProject({ config: "export default { singleStream: { warmup: 2, minQueries: 1000000, minDurationMs: 300, maxDurationMs: 2000 } };\n" });
    try {
      const result = await runHil(capped.dir, ['run', '--farm', farm.farmFile, '--device', 'jetson2', '--target', 'igpu', '--grep', 'p99', '--json']);
      expect([0, 1], result.stderr.slice(-2000)).toContain(result.code);
      const igpu = (JSON.parse(result.stdout) as { models: Array<ModelJson & { provenance: { trtexec: { singleStream: { iterations: number; cappedBy: string | null; calibratedQueryMs: number } } } }> }).models[0]!;
      const sizing = igpu.provenance.trtexec.singleStream;
      expect(sizing.cappedBy).toBe('maxDurationMs 2000');
      expect(sizing.calibratedQueryMs).toBeGreaterThan(0);
      // (2000 − 200 ms warm-up) / query time, never the million asked for.
      expect(sizing.iterations).toBe(Math.max(1, Math.floor(1800 / sizing.calibratedQueryMs)));
      expect(igpu.latency!.n).toBeGreaterThanOrEqual(sizing.iterations);
      expect(igpu.latency!.n).toBeLessThan(1_000_000);
    } finally {
      capped.cleanup();
    }
  }, 120_000);
});

