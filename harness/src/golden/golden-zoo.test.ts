/** Checks on what is committed under golden/: the val split and the model zoo manifest. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../config/load-manifest.js';
import { inspectModelFile } from '../onnx/inspect-model.js';
import { isExplicitlyQuantized } from '../onnx/expose-activations.js';
import { readOnnxFile } from '../onnx/read-onnx.js';
import { calibrationCacheName, parseCalibrationCache, trtVersionCode } from '../quantize/calibration-cache.js';
import { sizeBucket, type CocoDataset } from './coco.js';
import { GOLDEN_CLASSES } from './shapes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const datasetDir = path.join(root, 'golden', 'datasets', 'shapes-v1');

describe('golden dataset shapes-v1', () => {
  it('has >= 300 JPEG pictures within 15 MB, every class and every COCO size', () => {
    const coco = JSON.parse(readFileSync(path.join(datasetDir, 'annotations.json'), 'utf8')) as CocoDataset;
    expect(coco.images.length).toBeGreaterThanOrEqual(300);
    let bytes = statSync(path.join(datasetDir, 'annotations.json')).size;
    for (const im of coco.images) {
      expect(im.file_name).toMatch(/\.jpg$/);
      bytes += statSync(path.join(datasetDir, im.file_name)).size;
    }
    expect(bytes).toBeLessThanOrEqual(15 * 1024 * 1024);
    expect(coco.categories.map((c) => c.name)).toEqual([...GOLDEN_CLASSES]);
    const sizes = new Set(coco.annotations.map((a) => sizeBucket(a.area)));
    expect([...sizes].sort()).toEqual(['large', 'medium', 'small']);
    expect(new Set(coco.annotations.map((a) => a.category_id)).size).toBe(GOLDEN_CLASSES.length);
  });
});

describe('golden model zoo manifest', () => {
  const manifest = path.join(root, 'golden', 'models', 'manifest.yaml');
  it.skipIf(!existsSync(manifest))('validates, matches its files, and stays within 20 MB', async () => {
    const models = await loadManifest(manifest);
    expect(models.length).toBeGreaterThanOrEqual(1);
    let bytes = 0;
    for (const m of models) {
      bytes += statSync(m.filePath).size;
      expect(m.classes).toEqual([...GOLDEN_CLASSES]);
      // The SSD family gives decoded softmax outputs with Caffe priors; Tiny-YOLO its raw region tensor.
      if (m.output.format === 'yolo-region') {
        expect(m.output.anchors.length).toBeGreaterThanOrEqual(1);
        expect(m.output.classesInOutput).toBe(GOLDEN_CLASSES.length);
      } else {
        expect(m.output).toMatchObject({ format: 'decoded-softmax', backgroundClass: 0 });
        expect(m.priors?.imageSize).toEqual([m.input.shape[3], m.input.shape[2]]);
      }
      if (m.variant === 'pruned') {
        expect(models.some((b) => b.name === m.baseline)).toBe(true);
        expect(existsSync(path.join(path.dirname(manifest), String(m.provenance?.utilisation)))).toBe(true);
      }
    }
    // Every variant names a baseline that is in the zoo (int8 and pruned models are judged against it).
    for (const m of models.filter((x) => x.variant !== 'baseline')) expect(models.map((b) => b.name)).toContain(m.baseline);
    expect(new Set(models.map((m) => m.output.format))).toEqual(new Set(['decoded-softmax', 'yolo-region']));
    expect(models.find((m) => m.provenance?.precision === 'int8')).toBeDefined();
    expect(bytes).toBeLessThanOrEqual(20 * 1024 * 1024);
  });

  it.skipIf(!existsSync(manifest))("pva-ssd-mini: fewer MACs than vgg-ssd-mini and at least 3x its nodes (the seed's deep, light PVANet)", async () => {
    const models = await loadManifest(manifest);
    const file = (name: string) => models.find((m) => m.name === name)!.filePath;
    const [pva, vgg] = await Promise.all([inspectModelFile(file('pva-ssd-mini'), 'pva'), inspectModelFile(file('vgg-ssd-mini'), 'vgg')]);
    expect(pva.macs!).toBeLessThan(vgg.macs!);
    expect(pva.nodes).toBeGreaterThanOrEqual(3 * vgg.nodes);
    console.log(`pva-ssd-mini ${pva.macs} MACs, ${pva.nodes} nodes; vgg-ssd-mini ${vgg.macs} MACs, ${vgg.nodes} nodes`);
  });

  it.skipIf(!existsSync(manifest))('every FP32 model ships INT8 calibration caches for the INT8-capable boards\' TensorRT; the Q/DQ model needs none', async () => {
    const models = await loadManifest(manifest);
    let fp32 = 0;
    for (const m of models) {
      const onnx = await readOnnxFile(m.filePath);
      const caches = ['8.5.2', '10.3.0'].map((version) => ({ version, file: path.join(path.dirname(manifest), 'calibration', calibrationCacheName(m.name, version)) }));
      if (isExplicitlyQuantized(onnx.model)) {
        for (const { file } of caches) expect(existsSync(file), file).toBe(false);
        continue;
      }
      fp32 += 1;
      const convOutputs = onnx.model.graph!.node.filter((n) => n.op_type === 'Conv').map((n) => n.output[0]!);
      for (const { version, file } of caches) {
        const cache = parseCalibrationCache(readFileSync(file, 'utf8'), file);
        expect(cache.versionCode).toBe(trtVersionCode(version));
        for (const name of [m.input.name, ...convOutputs]) expect(cache.scales.get(name) ?? 0, `${file}: ${name}`).toBeGreaterThan(0);
      }
    }
    expect(fp32).toBe(5);
  });
});
