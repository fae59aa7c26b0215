import { describe, expect, it } from 'vitest';
import { evaluateCoco } from '../../harness/src/metrics/coco-eval.js';
import type { CocoEvalAnnotation, CocoEvalDetection } from '../../harness/src/metrics/coco-types.js';

// Hand-computed cases, one rule each. With every IoU = 1, each of the 10 thresholds gives the same
// curve, so AP is (sum of precision at the 101 recall points) / 101. Precision of a lone true
// positive is 1 / (1 + eps) in pycocotools, hence toBeCloseTo.
type Box = [number, number, number, number];
const gtAnn = (id: number, image_id: number, bbox: Box, extra: Partial<CocoEvalAnnotation> = {}): CocoEvalAnnotation => ({
  id, image_id, category_id: 1, bbox, area: bbox[2] * bbox[3], iscrowd: 0, ...extra,
});
const det = (image_id: number, bbox: Box, score: number): CocoEvalDetection => ({ image_id, category_id: 1, bbox, score });
const dataset = (imageIds: number[], annotations: CocoEvalAnnotation[]) => ({
  images: imageIds.map((id) => ({ id })),
  categories: [{ id: 1, name: 'thing' }, { id: 2, name: 'unused' }],
  annotations,
});

describe('COCO evaluation rules (pycocotools semantics)', () => {
  it('ties across images go in ascending image id, whatever the file order', () => {
    // Image 1: the detection misses; image 2: it hits. Same score. Ascending ids put the miss
    // first: precision 0, then 0.5 at recall 0.5 -> 51 of 101 points at 0.5.
    const gt = dataset([2, 1], [gtAnn(1, 1, [0, 0, 50, 50]), gtAnn(2, 2, [0, 0, 50, 50])]);
    const dts = [det(2, [0, 0, 50, 50], 0.5), det(1, [100, 100, 50, 50], 0.5)];
    expect(evaluateCoco(gt, dts).stats[0]).toBeCloseTo((51 * 0.5) / 101, 12);
    // Swap which image holds the miss: the hit now comes first -> precision 1 up to recall 0.5.
    const swapped = [det(1, [0, 0, 50, 50], 0.5), det(2, [100, 100, 50, 50], 0.5)];
    expect(evaluateCoco(gt, swapped).stats[0]).toBeCloseTo(51 / 101, 12);
  });

  it('area ranges are inclusive at both ends and use the annotation\'s area field', () => {
    const gt = dataset([1], [gtAnn(1, 1, [0, 0, 32, 32], { area: 32 * 32 })]);
    const { stats } = evaluateCoco(gt, [det(1, [0, 0, 32, 32], 0.9)]);
    expect(stats[3]).toBeCloseTo(1, 12); // small: [0, 32²]
    expect(stats[4]).toBeCloseTo(1, 12); // medium: [32², 96²]
    expect(stats[5]).toBe(-1); // large: no ground truth
    // The same box declared as area 96² + 1 is large only, although its box is 32 x 32.
    const large = evaluateCoco(dataset([1], [gtAnn(1, 1, [0, 0, 32, 32], { area: 96 * 96 + 1 })]), [det(1, [0, 0, 32, 32], 0.9)]);
    expect(large.stats.slice(3, 6)).toEqual([-1, -1, large.stats[5]]);
    expect(large.stats[5]).toBeCloseTo(1, 12);
  });

  it('caps detections per image and category at maxDets 1 / 10 / 100', () => {
    const gt = dataset([1], [gtAnn(1, 1, [0, 0, 50, 50])]);
    const dts = [det(1, [200, 200, 50, 50], 0.9), det(1, [0, 0, 50, 50], 0.8)];
    const { stats } = evaluateCoco(gt, dts);
    expect(stats[6]).toBe(0); // AR@1 keeps only the top (wrong) detection
    expect(stats[7]).toBe(1); // AR@10
    // 101 detections with equal scores: file order ranks them, and the 101st is cut by maxDets 100.
    const many = Array.from({ length: 100 }, (_, i) => det(1, [300 + i, 300, 10, 10], 0.9));
    expect(evaluateCoco(gt, [...many, det(1, [0, 0, 50, 50], 0.9)]).stats[8]).toBe(0);
    expect(evaluateCoco(gt, [det(1, [0, 0, 50, 50], 0.9), ...many]).stats[8]).toBe(1);
  });

  it('crowd regions: overlap over the detection\'s area, never a miss, matches ignored', () => {
    const crowd = gtAnn(2, 1, [100, 100, 200, 200], { iscrowd: 1 });
    const gt = dataset([1], [gtAnn(1, 1, [0, 0, 50, 50]), crowd]);
    // Highest score: a small box inside the crowd region (IoU with it = 1 by the detection's area).
    const dts = [det(1, [120, 120, 20, 20], 0.9), det(1, [0, 0, 50, 50], 0.8)];
    const { stats } = evaluateCoco(gt, dts);
    expect(stats[0]).toBeCloseTo(1, 12);
    expect(stats[8]).toBe(1); // the crowd box does not count as a ground truth to find
    // Without the crowd flag the same box is an ordinary false positive ranked first.
    const plain = evaluateCoco(dataset([1], [gtAnn(1, 1, [0, 0, 50, 50]), { ...crowd, iscrowd: 0 }]), dts);
    expect(plain.stats[0]).toBeLessThan(0.6);
  });

  it('a duplicate detection is a false positive; categories without ground truth are -1 and left out', () => {
    const gt = dataset([1], [gtAnn(1, 1, [0, 0, 50, 50])]);
    const r = evaluateCoco(gt, [det(1, [0, 0, 50, 50], 0.9), det(1, [0, 0, 50, 50], 0.8)]);
    expect(r.stats[0]).toBeCloseTo(1, 12); // the duplicate comes after recall 1: envelope unchanged
    expect(r.perCategory.map((c) => [c.categoryId, c.ap === null ? null : Number(c.ap.toFixed(12))])).toEqual([[1, 1], [2, null]]);
    expect(r.perCategory[0]!.numGt).toBe(1);
    // A miss ranked above the hit: precision 0 then 0.5 at recall 1; the envelope makes it 0.5 everywhere.
    const wrongFirst = evaluateCoco(gt, [det(1, [60, 60, 50, 50], 0.95), det(1, [0, 0, 50, 50], 0.9)]);
    expect(wrongFirst.stats[0]).toBeCloseTo(0.5, 12); // precision 0.5 at every recall point
  });

  it('matches with IoU >= threshold: an IoU of exactly 0.5 counts at .50 and not at .55', () => {
    const gt = dataset([1], [gtAnn(1, 1, [0, 0, 100, 100])]);
    // Detection [0, 0, 100, 50]: intersection 5000, union 10000 -> IoU 0.5 exactly.
    const { stats } = evaluateCoco(gt, [det(1, [0, 0, 100, 50], 0.9)]);
    expect(stats[1]).toBeCloseTo(1, 12);
    expect(stats[0]).toBeCloseTo(0.1, 12); // only 1 of the 10 thresholds
  });
});
