import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../harness/src/errors.js';
import { toOriginalBbox } from '../../harness/src/inference/image-meta.js';
import type { InputSpec } from '../../harness/src/inference/model-spec.js';
import { loadPreparedTensors, savePreparedTensors } from '../../harness/src/inference/prepared-tensors.js';
import { preprocessImage } from '../../harness/src/inference/preprocess.js';
import { clearTensorCache, prepareTensors } from '../../harness/src/inference/tensor-cache.js';

const solid = (width: number, height: number, rgb: [number, number, number], channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: rgb[0], g: rgb[1], b: rgb[2], alpha: 1 } } }).png().toBuffer();

const spec = (over: Partial<InputSpec> = {}): InputSpec => ({
  name: 'input',
  shape: [1, 3, 8, 8],
  layout: 'NCHW',
  colorOrder: 'RGB',
  resize: 'stretch',
  scale: 1,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  ...over,
});

const plane = (data: Float32Array, c: number, size = 64) => Array.from(data.subarray(c * size, (c + 1) * size));

describe('preprocessImage', () => {
  it('stretches, keeps RGB order, applies scale then (v - mean) / std per tensor channel', async () => {
    const png = await solid(20, 10, [200, 100, 50]);
    const { data, meta } = await preprocessImage(png, 5, spec({ scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.25, 0.5, 1] }));
    expect(data.length).toBe(3 * 64);
    expect(new Set(plane(data, 0).map((v) => v.toFixed(5)))).toEqual(new Set([((200 / 255 - 0.5) / 0.25).toFixed(5)]));
    expect(new Set(plane(data, 1).map((v) => v.toFixed(5)))).toEqual(new Set([((100 / 255 - 0.5) / 0.5).toFixed(5)]));
    expect(new Set(plane(data, 2).map((v) => v.toFixed(5)))).toEqual(new Set([(50 / 255 - 0.5).toFixed(5)]));
    expect(meta).toEqual({ imageId: 5, width: 20, height: 10, inputWidth: 8, inputHeight: 8, scaleX: 0.4, scaleY: 0.8, padX: 0, padY: 0 });
  });

  it('BGR puts blue first; mean/std follow the tensor order (Caffe style)', async () => {
    const png = await solid(8, 8, [200, 100, 50]);
    const { data } = await preprocessImage(png, 1, spec({ colorOrder: 'BGR', mean: [104, 117, 123], std: [1, 1, 1] }));
    expect(data[0]).toBe(50 - 104);
    expect(data[64]).toBe(100 - 117);
    expect(data[128]).toBe(200 - 123);
  });

  it('letterboxes: keeps aspect, centres, pads, and records the mapping back', async () => {
    const png = await solid(16, 8, [255, 255, 255]);
    const { data, meta } = await preprocessImage(png, 2, spec({ resize: 'letterbox', padValue: 0 }));
    expect(meta).toMatchObject({ scaleX: 0.5, scaleY: 0.5, padX: 0, padY: 2, width: 16, height: 8 });
    const red = plane(data, 0);
    const rows = Array.from({ length: 8 }, (_, y) => red.slice(y * 8, y * 8 + 8));
    expect(rows.map((r) => r.every((v) => v === 0))).toEqual([true, true, false, false, false, false, true, true]);
    expect(rows[3]!.every((v) => v === 255)).toBe(true);
    // the content rectangle in input pixels maps back to the whole original image
    expect(toOriginalBbox(meta, 0, 2, 8, 6)).toEqual([0, 0, 16, 8]);
  });

  it('drops alpha and expands greyscale to three channels', async () => {
    const rgba = await solid(8, 8, [10, 20, 30], 4);
    expect(Array.from((await preprocessImage(rgba, 1, spec())).data.filter((_, i) => i % 64 === 0))).toEqual([10, 20, 30]);
    const grey = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 90, g: 90, b: 90 } } }).greyscale().png().toBuffer();
    expect(Array.from((await preprocessImage(grey, 1, spec())).data.filter((_, i) => i % 64 === 0))).toEqual([90, 90, 90]);
  });

  it('reports an undecodable image as a config error naming it', async () => {
    await expect(preprocessImage(Buffer.from('not an image'), 1, spec())).rejects.toThrow(ConfigError);
    await expect(preprocessImage('/nonexistent/x.png', 1, spec())).rejects.toThrow(/x\.png/);
  });
});

describe('prepareTensors', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('prepares once per dataset x spec, in memory and on disk', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'hil-tensors-'));
    dirs.push(cacheDir);
    const images = [
      { id: 1, data: await solid(8, 8, [1, 2, 3]) },
      { id: 2, data: await solid(16, 8, [4, 5, 6]) },
    ];
    const a = await prepareTensors(images, spec(), { cacheDir });
    expect(a.count).toBe(2);
    expect(a.imageShape).toEqual([3, 8, 8]);
    expect(a.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(a.metas.map((m) => m.imageId)).toEqual([1, 2]);
    expect([a.data[0], a.data[192]]).toEqual([1, 4]);
    expect(await prepareTensors(images, spec(), { cacheDir })).toBe(a); // memoised
    expect((await readdir(cacheDir)).sort()).toEqual([`${a.key}.f32`, `${a.key}.json`]);

    clearTensorCache();
    const fromDisk = await prepareTensors(images, spec(), { cacheDir });
    expect(fromDisk).not.toBe(a);
    expect(Array.from(fromDisk.data)).toEqual(Array.from(a.data));
    expect(fromDisk.metas).toEqual(a.metas);

    const other = await prepareTensors(images, spec({ colorOrder: 'BGR' }), { cacheDir });
    expect(other.key).not.toBe(a.key);
    const edited = await prepareTensors([images[0]!, { id: 2, data: await solid(16, 8, [4, 5, 7]) }], spec());
    expect(edited.key).not.toBe(a.key);
  });

  it('round-trips through the tensor file format and rejects a foreign file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hil-tensors-'));
    dirs.push(dir);
    const t = await prepareTensors([{ id: 9, data: await solid(8, 8, [7, 8, 9]) }], spec());
    const header = await savePreparedTensors(dir, t);
    const back = await loadPreparedTensors(header, false);
    expect(back.data.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(back.data)).toEqual(Array.from(t.data));
    await expect(loadPreparedTensors(join(dir, 'missing.json'))).rejects.toThrow(/cannot read prepared tensors/);
  });

  it('names a missing image file', async () => {
    await expect(prepareTensors([{ id: 3, path: '/nonexistent/img.jpg' }], spec())).rejects.toThrow(/image 3: cannot read \/nonexistent\/img\.jpg/);
  });
});
