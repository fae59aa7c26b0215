/** Checks on what is committed under golden/: the val split and the model zoo manifest. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../config/load-manifest.js';
import { inspectModelFile } from '../onnx/inspect-model.js';
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
});
