/**
 * Accuracy through TensorRT's own outputs: on an emulated Xavier NX (TensorRT 8.5.2, Node for the
 * CPU agent), the same golden pictures through hil's agent on the CPU and through trtexec on the
 * GPU (--loadInputs of the host's preprocessed batches, --exportOutput decoded by the same code)
 * give the same mAP within 0.001, for an SSD (decoded softmax) and a YOLO (region) output.
 * The emulated GPU runs the ONNX model for real (onnxruntime), so the figures are real ones; they
 * differ from the CPU's only by trtexec's 6 significant digits.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { createTempProject, repoRoot, runHil, sliceGoldenDataset, type TempProject } from '../support/temp-project.js';

const MODELS = ['vgg-ssd-mini', 'tiny-yolo-v2-mini'];
const IMAGES = 40;

let farm: EmulatedFarm;
let project: TempProject;
beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 1, type: 'xavier-nx' });
  project = createTempProject({
    models: readFileSync(path.join(repoRoot, 'golden', 'models', 'manifest.yaml'), 'utf8'),
    suite: ['dataset: golden/datasets/shapes-40', `models: [${MODELS.join(', ')}]`, 'scenarios: { accuracy: true, singleStream: false, throughput: false }', 'overlays: 0', 'tolerances:', ...MODELS.map((m) => `  ${m}: { map50Min: 0.5 }`)].join('\n'),
  });
  cpSync(path.join(repoRoot, 'golden', 'models'), path.join(project.dir, 'golden', 'models'), { recursive: true });
  sliceGoldenDataset(project.dir, 'golden/datasets/shapes-40', IMAGES);
}, 120_000);
afterAll(async () => {
  project?.cleanup();
  await farm?.stop();
});

interface ModelRow {
  model: string;
  target: string;
  runner: string;
  map: number | null;
  map50: number | null;
  emulated: boolean;
  provenance: { trtexec?: { tensorrtVersion: string; accuracy?: { batch: number; nonFiniteOutputs: number } } } | null;
}

describe('mAP from TensorRT outputs (trtexec) equals the CPU agent\'s', () => {
  it(`${MODELS.join(' and ')} on ${IMAGES} pictures: CPU (ort-agent) vs GPU (trtexec --exportOutput) within 0.001`, async () => {
    const result = await runHil(project.dir, ['run', '--device', 'xavier-nx', '--farm', farm.farmFile, '--json']);
    expect(result.code, result.stderr.slice(-3000)).toBe(0);
    const rows = (JSON.parse(result.stdout) as { models: ModelRow[] }).models;
    for (const model of MODELS) {
      const cpu = rows.find((r) => r.model === model && r.target === 'cpu')!;
      const gpu = rows.find((r) => r.model === model && r.target === 'igpu')!;
      expect(cpu.runner).toBe('ort-agent');
      expect(gpu.runner).toBe('trtexec');
      expect(gpu.emulated).toBe(true);
      expect(gpu.provenance?.trtexec).toMatchObject({ tensorrtVersion: '8.5.2', accuracy: { batch: 16, nonFiniteOutputs: 0 } });
      console.log(`${model}: mAP@.5 cpu ${cpu.map50!.toFixed(6)} trtexec ${gpu.map50!.toFixed(6)} (|diff| ${Math.abs(cpu.map50! - gpu.map50!).toExponential(2)}); mAP cpu ${cpu.map!.toFixed(6)} trtexec ${gpu.map!.toFixed(6)}`);
      expect(Math.abs(cpu.map50! - gpu.map50!)).toBeLessThanOrEqual(0.001);
      expect(Math.abs(cpu.map! - gpu.map!)).toBeLessThanOrEqual(0.001);
      expect(cpu.map50!).toBeGreaterThan(0.5);
    }
  }, 300_000);
});
