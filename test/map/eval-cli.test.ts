import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasSharedMap, repoRoot, sharedMap } from './reference-paths.js';

// Black-box: the built bin, as a user runs it. `npm test` builds first; when run alone after an
// edit, build here so the test never runs a stale dist.
const bin = path.join(repoRoot, 'harness', 'dist', 'cli', 'main.js');
const built = path.join(repoRoot, 'harness', 'dist', 'cli', 'commands', 'eval.js');
const source = path.join(repoRoot, 'harness', 'src', 'cli', 'commands', 'eval.ts');

function hil(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const gt = {
  images: [{ id: 1, width: 100, height: 100, file_name: '1.jpg' }],
  categories: [{ id: 1, name: 'car' }],
  annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 20, 20], area: 400, iscrowd: 0 }],
};
const dt = [{ image_id: 1, category_id: 1, bbox: [10, 10, 20, 20], score: 0.9 }];

describe('hil eval', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hil-eval-'));
  const write = (name: string, value: unknown) => writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));

  beforeAll(() => {
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) {
      spawnSync('npx', ['tsc', '-p', path.join(repoRoot, 'harness', 'tsconfig.json')], { cwd: repoRoot, encoding: 'utf8' });
    }
    write('gt.json', gt);
    write('dt.json', dt);
  });

  it.skipIf(!hasSharedMap)('prints pycocotools\' 12-line summary, and --json the 12 stats', () => {
    const args = ['eval', '--annotations', path.join(sharedMap, 'case-a', 'gt.json'), '--detections', path.join(sharedMap, 'case-a', 'dt.json')];
    const text = hil(dir, ...args);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')).toEqual([
      ' Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.835',
      ' Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 0.917',
      ' Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ] = 0.752',
      ' Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = -1.000',
      ' Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = 1.000',
      ' Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = 0.670',
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = 0.250',
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 10 ] = 0.875',
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.875',
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = -1.000',
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = 1.000',
      ' Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = 0.750',
      '',
    ]);
    const json = hil(dir, ...args, '--json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    const want = JSON.parse(readFileSync(path.join(sharedMap, 'expected-pycocotools.json'), 'utf8'))['case-a'] as number[];
    expect(Object.keys(doc)).toEqual(['metric', 'stats']);
    expect(doc.metric).toBe('coco');
    doc.stats.forEach((v: number, i: number) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1e-9));
  });

  it('--metric voc07 / voc12 print per-class AP and the mean', () => {
    const json = hil(dir, 'eval', '--annotations', 'gt.json', '--detections', 'dt.json', '--metric', 'voc07', '--json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(Object.keys(doc)).toEqual(['metric', 'map', 'perClass']);
    expect(doc.metric).toBe('voc07');
    // 11 points of 1/11 each: 0.9999999999999999, as voc_eval's float sum gives.
    expect(doc.map).toBeCloseTo(1, 15);
    expect(Object.keys(doc.perClass)).toEqual(['car']);
    const text = hil(dir, 'eval', '--annotations', 'gt.json', '--detections', 'dt.json', '--metric', 'voc12');
    expect(text.stdout).toBe('AP for car = 1.0000\nMean AP = 1.0000  (VOC2010+ all-point)\n');
  });

  const bad: [string, () => void, string[], RegExp][] = [
    ['a bbox of 3 numbers', () => write('bad.json', { ...gt, annotations: [{ ...gt.annotations[0], bbox: [1, 2, 3] }] }), ['--annotations', 'bad.json', '--detections', 'dt.json'], /^hil: \[HIL_CONFIG_INVALID\] bad\.json: annotations\[0\]\.bbox: expected 4 numbers, got 3$/m],
    ['a negative width', () => write('bad.json', { ...gt, annotations: [{ ...gt.annotations[0], bbox: [10, 10, -5, 5] }] }), ['--annotations', 'bad.json', '--detections', 'dt.json'], /bad\.json: annotations\[0\]\.bbox: width and height must be > 0, got \[10,10,-5,5\]/],
    ['a box outside the image', () => write('bad.json', { ...gt, annotations: [{ ...gt.annotations[0], bbox: [90, 10, 50, 5] }] }), ['--annotations', 'bad.json', '--detections', 'dt.json'], /bad\.json: annotations\[0\]\.bbox: box \[90,10,50,5\] lies outside image 1 \(100x100\)/],
    ['an unknown category', () => write('bad.json', { ...gt, annotations: [{ ...gt.annotations[0], category_id: 5 }] }), ['--annotations', 'bad.json', '--detections', 'dt.json'], /bad\.json: annotations\[0\]\.category_id: unknown category id 5/],
    ['a duplicate image id', () => write('bad.json', { ...gt, images: [gt.images[0], gt.images[0]] }), ['--annotations', 'bad.json', '--detections', 'dt.json'], /bad\.json: images\[1\]\.id: duplicate image id 1 \(also images\[0\]\)/],
    ['a missing area', () => write('bad.json', { ...gt, annotations: [{ ...gt.annotations[0], area: undefined }] }), ['--annotations', 'bad.json', '--detections', 'dt.json'], /bad\.json: annotations\[0\]\.area: missing/],
    ['an empty dataset', () => write('bad.json', { images: [], categories: gt.categories, annotations: [] }), ['--annotations', 'bad.json', '--detections', 'dt.json'], /bad\.json: images: empty: the dataset has no images/],
    ['a detection on an image not in the ground truth', () => write('baddt.json', [{ ...dt[0], image_id: 7 }]), ['--annotations', 'gt.json', '--detections', 'baddt.json'], /baddt\.json: \[0\]\.image_id: image id 7 is not in gt\.json/],
    ['a detection without score', () => write('baddt.json', [{ ...dt[0], score: undefined }]), ['--annotations', 'gt.json', '--detections', 'baddt.json'], /baddt\.json: \[0\]\.score: missing/],
    ['a missing file', () => {}, ['--annotations', 'nope.json', '--detections', 'dt.json'], /nope\.json: file not found/],
    ['a file that is not JSON', () => write('bad.json', '{"images": ['), ['--annotations', 'bad.json', '--detections', 'dt.json'], /bad\.json: not valid JSON/],
    ['an unknown metric', () => {}, ['--annotations', 'gt.json', '--detections', 'dt.json', '--metric', 'voc99'], /argument 'voc99' is invalid/],
  ];
  for (const [what, setup, args, message] of bad) {
    it(`exits 3 naming the field for ${what}`, () => {
      setup();
      const r = hil(dir, 'eval', ...args);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stdout).toBe('');
    });
  }
});
