/**
 * The zoo's committed calibration caches are good ones: INT8 with their scales (Q/DQ at every
 * weighted layer's input, what TensorRT's implicit INT8 rounds and clips) keeps mAP@.5 within one
 * point of FP32 on the golden val split, measured with hil's own runner and COCO evaluator.
 */
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../harness/src/config/load-manifest.js';
import { evaluateDetectionFiles, type CocoFilesResult } from '../../harness/src/datasets/evaluate-detection-files.js';
import { createRunner, runAccuracy } from '../../harness/src/engine/index.js';
import { prepareTensors } from '../../harness/src/inference/index.js';
import { readOnnxFile } from '../../harness/src/onnx/read-onnx.js';
import { calibrationCacheName, parseCalibrationCache } from '../../harness/src/quantize/calibration-cache.js';
import { insertQdq } from '../../harness/src/quantize/insert-qdq.js';
import { repoRoot } from '../support/temp-project.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hil-int8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const annotations = path.join(repoRoot, 'golden', 'datasets', 'shapes-v1', 'annotations.json');

async function map50(file: string, spec: Awaited<ReturnType<typeof loadManifest>>[number], tensors: Awaited<ReturnType<typeof prepareTensors>>): Promise<number> {
  const runner = await createRunner(file, spec, { isolation: 'in-process' });
  try {
    const accuracy = await runAccuracy(runner, tensors, {});
    const detections = path.join(dir, `${path.basename(file)}.detections.json`);
    writeFileSync(detections, JSON.stringify(accuracy.detections));
    return ((await evaluateDetectionFiles({ annotations, detections, metric: 'coco' })) as CocoFilesResult).stats[1]!;
  } finally {
    await runner.close();
  }
}

describe('INT8 with the zoo calibration caches', () => {
  for (const name of ['vgg-ssd-mini-pruned', 'tiny-yolo-v2-mini']) {
    it(`${name}: mAP@.5 within 1 point of FP32`, async () => {
      const spec = (await loadManifest(path.join(repoRoot, 'golden', 'models', 'manifest.yaml'))).find((m) => m.name === name)!;
      const cacheFile = path.join(repoRoot, 'golden', 'models', 'calibration', calibrationCacheName(name, '8.5.2'));
      const cache = parseCalibrationCache(readFileSync(cacheFile, 'utf8'), cacheFile);
      const qdq = insertQdq((await readOnnxFile(spec.filePath)).model, cache.scales);
      expect(qdq.quantized).toBeGreaterThan(0);
      expect(qdq.unknown).toEqual([]);
      const int8File = path.join(dir, `${name}.int8.onnx`);
      writeFileSync(int8File, qdq.bytes);
      const gt = JSON.parse(readFileSync(annotations, 'utf8')) as { images: Array<{ id: number; file_name: string }> };
      const tensors = await prepareTensors(gt.images.map((im) => ({ id: im.id, path: path.join(path.dirname(annotations), im.file_name) })), spec.input);
      const fp32 = await map50(spec.filePath, spec, tensors);
      const int8 = await map50(int8File, spec, tensors);
      console.log(`${name}: mAP@.5 FP32 ${fp32.toFixed(4)}, INT8 (calibration cache, ${qdq.quantized} tensors) ${int8.toFixed(4)}`);
      expect(fp32 - int8).toBeLessThan(0.01);
    }, 120_000);
  }
});
