/**
 * `hil models calibrate` end to end, as a user runs it: real pictures through hil's preprocessing,
 * a real onnxruntime session over every activation, caches in TensorRT's format on disk.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOnnxFile } from '../../harness/src/onnx/read-onnx.js';
import { parseCalibrationCache } from '../../harness/src/quantize/calibration-cache.js';
import { createTempProject, repoRoot, runHil } from '../support/temp-project.js';

const project = createTempProject();
afterAll(() => project.cleanup());
const calibrationDir = path.join(project.dir, 'golden', 'models', 'calibration');
const images = path.join(repoRoot, 'golden', 'datasets', 'shapes-v1');

describe('hil models calibrate', () => {
  it('writes one cache per TensorRT version, covering the input and every Conv output, the same bytes every time', async () => {
    const args = ['models', 'calibrate', 'tiny-ssd', '--images', images, '--count', '16', '--trt', '8.5.2', '--trt', '10.3.0', '--json'];
    const first = await runHil(project.dir, args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const [report] = JSON.parse(first.stdout).models;
    expect(report).toMatchObject({ model: 'tiny-ssd', pictures: 16, allZero: [] });
    expect(readdirSync(calibrationDir).sort()).toEqual(['tiny-ssd.trt-10.3.0.calib', 'tiny-ssd.trt-8.5.2.calib']);
    const file = path.join(calibrationDir, 'tiny-ssd.trt-8.5.2.calib');
    const bytes = readFileSync(file, 'utf8');
    const cache = parseCalibrationCache(bytes, file);
    expect(cache.versionCode).toBe(8502);
    expect(parseCalibrationCache(readFileSync(path.join(calibrationDir, 'tiny-ssd.trt-10.3.0.calib'), 'utf8'), 'x').versionCode).toBe(100300);
    const model = (await readOnnxFile(path.join(project.dir, 'golden', 'models', 'tiny-ssd.onnx'))).model;
    const convOutputs = model.graph!.node.filter((n) => n.op_type === 'Conv').map((n) => n.output[0]!);
    expect(convOutputs.length).toBeGreaterThan(0);
    for (const name of ['image', ...convOutputs]) expect(cache.scales.has(name), name).toBe(true);
    for (const [name, scale] of cache.scales) expect(Number.isFinite(scale) && scale > 0, `${name} ${scale}`).toBe(true);
    // The input is (x - 127) / 128 of bytes: |x| <= 1, so its threshold is at most 1 (scale <= 1/127).
    expect(cache.scales.get('image')!).toBeLessThanOrEqual(1 / 127 + 1e-9);
    expect(report.tensors).toBe(cache.scales.size);
    const again = await runHil(project.dir, args);
    expect(again.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(bytes);
  });

  it('bad input: exit 3, one line naming what is wrong, nothing written', async () => {
    const out = path.join(project.dir, 'never');
    const cases: [string[], RegExp][] = [
      [['tiny-ssd', '--images', images, '--count', '4'], /--trt/],
      [['tiny-ssd', '--images', path.join(project.dir, 'no-such-folder'), '--trt', '8.5.2'], /no-such-folder: picture folder not found/],
      [['tiny-ssd', '--images', images, '--count', '100000', '--trt', '8.5.2'], /shapes-v1: 300 pictures, 100000 asked for/],
      [['tiny-ssd', '--images', images, '--trt', 'eight'], /TensorRT version "eight"/],
      [['no-such-model', '--images', images, '--trt', '8.5.2'], /no model named no-such-model/],
      // The zoo's Q/DQ model carries its own scales: TensorRT does not read a cache for it.
      [['vgg-ssd-mini-pruned-int8', '--manifest', path.join(repoRoot, 'golden', 'models', 'manifest.yaml'), '--images', images, '--count', '2', '--trt', '8.5.2'], /explicitly quantized/],
    ];
    for (const [args, message] of cases) {
      const result = await runHil(project.dir, ['models', 'calibrate', ...args, '--out-dir', out]);
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.split('\n')[0]).toMatch(/^hil: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
  });
});
