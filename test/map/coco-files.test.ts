import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCocoDetections } from '../../harness/src/datasets/coco-detections.js';
import { loadCocoGroundTruth, validateCocoGroundTruth } from '../../harness/src/datasets/coco-ground-truth.js';
import { ConfigError, ConfigIssuesError } from '../../harness/src/errors.js';

const goodGt = () => ({
  images: [
    { id: 1, width: 640, height: 480, file_name: 'a.jpg' },
    { id: 2, width: 640, height: 480, file_name: 'b.jpg' },
  ],
  categories: [{ id: 1, name: 'car' }, { id: 3, name: 'bus' }],
  annotations: [
    { id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 100, 50], area: 5000, iscrowd: 0 },
    { id: 2, image_id: 2, category_id: 3, bbox: [0, 0, 640, 480], area: 307200, iscrowd: 1 },
  ],
});

/** The `file: path: message` lines a validation throws. */
function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigIssuesError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected a ConfigIssuesError');
}

describe('COCO ground-truth validation', () => {
  it('accepts a well-formed file', () => {
    expect(validateCocoGroundTruth(goodGt(), 'gt.json').annotations).toHaveLength(2);
  });

  it('names the file and field path of every problem at once', () => {
    const gt = goodGt() as any;
    gt.images.push({ id: 1, width: 0, height: 480 });
    gt.categories.push({ id: 3, name: 'dup' });
    gt.annotations.push(
      { id: 3, image_id: 1, category_id: 1, bbox: [1, 2, 3], area: 9, iscrowd: 0 },
      { id: 4, image_id: 1, category_id: 1, bbox: [10, 10, -5, 20], area: 100, iscrowd: 0 },
      { id: 5, image_id: 9, category_id: 7, bbox: [600, 10, 100, 20], iscrowd: 2 },
      { id: 1, image_id: 1, category_id: 1, bbox: [600, 10, 100, 20], area: 2000, iscrowd: 0 },
      { id: 0, image_id: 1, category_id: 1, bbox: [1, 1, 'x', 2], area: 2 },
    );
    expect(problems(() => validateCocoGroundTruth(gt, 'gt.json'))).toEqual([
      'gt.json: images[2].width: expected a positive number, got 0',
      'gt.json: images[2].file_name: expected a non-empty string, got nothing',
      'gt.json: images[2].id: duplicate image id 1 (also images[0])',
      'gt.json: categories[2].id: duplicate category id 3 (also categories[1])',
      'gt.json: annotations[2].bbox: expected 4 numbers, got 3',
      'gt.json: annotations[3].bbox: width and height must be > 0, got [10,10,-5,20] (boxes are [x, y, width, height], not corners)',
      'gt.json: annotations[4].image_id: unknown image id 9 (not in images)',
      'gt.json: annotations[4].category_id: unknown category id 7 (not in categories)',
      'gt.json: annotations[4].area: missing (expected the object area in pixels, a number >= 0)',
      'gt.json: annotations[4].iscrowd: expected 0 or 1, got 2',
      'gt.json: annotations[5].id: duplicate annotation id 1 (also annotations[0])',
      'gt.json: annotations[5].bbox: box [600,10,100,20] lies outside image 1 (640x480)',
      'gt.json: annotations[6].id: id 0 is not allowed: pycocotools treats a match with annotation id 0 as no match; number annotations from 1',
      'gt.json: annotations[6].bbox[2]: expected a finite number, got "x"',
      'gt.json: annotations[6].iscrowd: missing (expected 0 or 1)',
    ]);
  });

  it('refuses an empty dataset and a file of the wrong shape', () => {
    expect(problems(() => validateCocoGroundTruth({ images: [], annotations: [], categories: [{ id: 1, name: 'a' }] }, 'gt.json'))).toEqual([
      'gt.json: images: empty: the dataset has no images',
      'gt.json: annotations: empty: the dataset has no boxes to evaluate',
    ]);
    expect(problems(() => validateCocoGroundTruth([], 'gt.json'))).toEqual([
      'gt.json: expected a COCO instances object {images, annotations, categories}, got array',
    ]);
    expect(problems(() => validateCocoGroundTruth({ images: {} }, 'gt.json'))).toEqual([
      'gt.json: images: expected an array, got object',
      'gt.json: categories: missing (expected an array)',
      'gt.json: annotations: missing (expected an array)',
    ]);
  });

  it('reports the first 20 problems of a huge file and counts the rest', () => {
    const gt = goodGt() as any;
    for (let i = 0; i < 100; i += 1) gt.annotations.push({ id: 10 + i, image_id: 1, category_id: 1, bbox: [0, 0, 1], area: 1, iscrowd: 0 });
    const lines = problems(() => validateCocoGroundTruth(gt, 'gt.json'));
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('gt.json: and 80 more problems');
  });

  it('checks that image files exist when given an image folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hil-coco-'));
    const images = path.join(dir, 'images');
    mkdirSync(images);
    writeFileSync(path.join(images, 'a.jpg'), 'x');
    const file = path.join(dir, 'gt.json');
    writeFileSync(file, JSON.stringify(goodGt()));
    await expect(loadCocoGroundTruth(file, { checkImagesDir: images })).rejects.toThrow(
      `${file}: images[1].file_name: image file not found: ${path.join(images, 'b.jpg')}`,
    );
    writeFileSync(path.join(images, 'b.jpg'), 'x');
    await expect(loadCocoGroundTruth(file, { checkImagesDir: images })).resolves.toMatchObject({ images: [{ id: 1 }, { id: 2 }] });
    await expect(loadCocoGroundTruth(file, { checkImagesDir: path.join(dir, 'nope') })).rejects.toThrow(/image folder not found/);
    await expect(loadCocoGroundTruth(path.join(dir, 'missing.json'))).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('COCO results validation', () => {
  const gt = goodGt();

  it('accepts detections, including boxes past the border and zero-size boxes', () => {
    const dts = [
      { image_id: 1, category_id: 1, bbox: [-5, -5, 700, 500], score: 0.9 },
      { image_id: 2, category_id: 3, bbox: [1, 1, 0, 0], score: 0.1 },
    ];
    expect(validateCocoDetections(dts, 'dt.json', gt)).toHaveLength(2);
    expect(validateCocoDetections([], 'dt.json', gt)).toEqual([]);
  });

  it('names each bad detection and field', () => {
    const dts = [
      { image_id: 99, category_id: 1, bbox: [0, 0, 1, 1], score: 0.5 },
      { image_id: 1, category_id: 2, bbox: [0, 0, 1, 1], score: 0.5 },
      { image_id: 1, category_id: 1, bbox: [0, 0, -1, 1], score: 0.5 },
      { image_id: 1, category_id: 1, bbox: [0, 0, 1, 1] },
      { image_id: 1, category_id: 1, bbox: [0, 0, 1, 1], score: null },
      'x',
    ];
    expect(problems(() => validateCocoDetections(dts, 'dt.json', gt, { gtFile: 'gt.json' }))).toEqual([
      'dt.json: [0].image_id: image id 99 is not in gt.json',
      'dt.json: [1].category_id: unknown category id 2 (not in the categories of gt.json)',
      'dt.json: [2].bbox: width and height must be >= 0, got [0,0,-1,1] (boxes are [x, y, width, height], not corners)',
      'dt.json: [3].score: missing (expected a finite number)',
      'dt.json: [4].score: expected a finite number, got null',
      'dt.json: [5]: expected an object {image_id, category_id, bbox, score}, got string',
    ]);
    expect(problems(() => validateCocoDetections({ annotations: [] }, 'dt.json', gt))).toEqual([
      'dt.json: expected a JSON array of COCO results [{image_id, category_id, bbox, score}], got object',
    ]);
  });
});
