import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CocoDataset } from './coco.js';
import { generateDataset } from './generate-dataset.js';

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'hil-golden-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function filesOf(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const name of await readdir(path.join(dir, 'images'))) out[`images/${name}`] = await readFile(path.join(dir, 'images', name));
  out['annotations.json'] = await readFile(path.join(dir, 'annotations.json'));
  return out;
}

describe('generateDataset', () => {
  it('writes the same bytes for the same seed and different bytes for another seed', async () => {
    const [a, b, c] = [await tmp(), await tmp(), await tmp()];
    await generateDataset({ outDir: a, count: 4, seed: 11, width: 128, height: 128, rawSize: [32, 32] });
    await generateDataset({ outDir: b, count: 4, seed: 11, width: 128, height: 128, rawSize: [32, 32] });
    await generateDataset({ outDir: c, count: 4, seed: 12, width: 128, height: 128 });
    const fa = await filesOf(a);
    const fb = await filesOf(b);
    expect(Object.keys(fa)).toHaveLength(5);
    for (const [name, bytes] of Object.entries(fa)) expect(bytes.equals(fb[name] as Buffer), name).toBe(true);
    expect((await readFile(path.join(a, 'raw-32x32.u8'))).equals(await readFile(path.join(b, 'raw-32x32.u8')))).toBe(true);
    expect((await readFile(path.join(a, 'raw-32x32.u8'))).length).toBe(4 * 32 * 32 * 3);
    const fc = await filesOf(c);
    expect(fa['images/000001.jpg']?.equals(fc['images/000001.jpg'] as Buffer)).toBe(false);
  });

  it('writes valid COCO instances with boxes inside the pictures', async () => {
    const dir = await tmp();
    const summary = await generateDataset({ outDir: dir, count: 6, seed: 3, width: 160, height: 120 });
    const coco = JSON.parse(await readFile(summary.annotationsFile, 'utf8')) as CocoDataset;
    expect(coco.categories.map((c) => c.id)).toEqual([1, 2, 3, 4]);
    expect(coco.images).toHaveLength(6);
    expect(coco.images[0]).toMatchObject({ id: 1, width: 160, height: 120, file_name: 'images/000001.jpg' });
    expect(coco.annotations.length).toBe(summary.annotations);
    expect(coco.annotations.length).toBeGreaterThanOrEqual(6);
    expect(new Set(coco.annotations.map((a) => a.id)).size).toBe(coco.annotations.length);
    for (const a of coco.annotations) {
      const [x, y, w, h] = a.bbox;
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(160.01);
      expect(y + h).toBeLessThanOrEqual(120.01);
      expect(w).toBeGreaterThan(5);
      expect(a.area).toBeCloseTo(w * h, 1);
      expect(a.iscrowd).toBe(0);
      expect(a.category_id).toBeGreaterThanOrEqual(1);
      expect(a.category_id).toBeLessThanOrEqual(4);
    }
    const { bySize } = summary;
    expect(bySize.small + bySize.medium + bySize.large).toBe(summary.annotations);
  });

  it('writes a sequence whose objects move from frame to frame and stay annotated', async () => {
    const dir = await tmp();
    const summary = await generateDataset({ outDir: dir, count: 5, seed: 5, width: 128, height: 128, sequence: true });
    const coco = JSON.parse(await readFile(summary.annotationsFile, 'utf8')) as CocoDataset;
    const perFrame = coco.images.map((im) => coco.annotations.filter((a) => a.image_id === im.id));
    const n = perFrame[0]?.length ?? 0;
    expect(n).toBeGreaterThan(0);
    for (const frame of perFrame) expect(frame).toHaveLength(n);
    expect(perFrame[1]?.[0]?.bbox).not.toEqual(perFrame[0]?.[0]?.bbox);
    expect(coco.info.sequence).toBe(true);
  });
});
