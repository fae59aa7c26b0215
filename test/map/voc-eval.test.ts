import { describe, expect, it } from 'vitest';
import { vocIou } from '../../harness/src/metrics/iou.js';
import { cocoToVocBox, evaluateVocOnCoco } from '../../harness/src/metrics/voc-eval-coco.js';
import { evaluateVocClass, vocAp, type VocDetectionBox, type VocGroundTruthBox } from '../../harness/src/metrics/voc-eval.js';

// Hand-computed cases for voc_eval.py's conventions.
type Box = [number, number, number, number];
const g = (box: Box, difficult = false, imageId = 1): VocGroundTruthBox => ({ imageId, box, difficult });
const d = (box: Box, score: number, imageId = 1): VocDetectionBox => ({ imageId, box, score });

describe('PASCAL VOC AP (voc_eval.py conventions)', () => {
  it('adds 1 to widths and heights: touching pixel boxes overlap', () => {
    // [0,0,1,1] is 2x2 pixels; [1,0,2,1] shares the column x = 1: intersection 1x2 = 2, union 4 + 4 - 2.
    expect(vocIou([0, 0, 1, 1], [1, 0, 2, 1])).toBeCloseTo(2 / 6, 15);
    expect(vocIou([0, 0, 9, 9], [0, 0, 9, 9])).toBe(1);
  });

  it('needs IoU strictly above 0.5', () => {
    // 10x10 ground truth, 10x5 detection inside it: IoU = 50 / 100 = 0.5 exactly -> a false positive.
    const r = evaluateVocClass([g([0, 0, 9, 9])], [d([0, 0, 9, 4], 0.9)], { use07Metric: false });
    expect(r).toMatchObject({ tp: 0, fp: 1, npos: 1, ap: 0 });
    const r2 = evaluateVocClass([g([0, 0, 9, 9])], [d([0, 0, 9, 5], 0.9)], { use07Metric: false });
    expect(r2).toMatchObject({ tp: 1, fp: 0 }); // 60 / 100
  });

  // One image; positives G1 and G3, G2 is difficult.
  //   d1 .9 = G1          -> TP
  //   d2 .8 = G1 again    -> FP (best match already taken; no fall-back)
  //   d3 .7 = G2          -> neither (difficult)
  //   d4 .6 ~ G1 (IoU 90/110) -> FP
  // G3 is never found. tp = 1,1,1,1; fp = 0,1,1,2; recall .5 throughout; precision 1, .5, .5, 1/3.
  const gts = [g([1, 1, 10, 10]), g([21, 1, 30, 10], true), g([41, 1, 50, 10])];
  const dets = [d([2, 1, 11, 10], 0.6), d([1, 1, 10, 10], 0.9), d([21, 1, 30, 10], 0.7), d([1, 1, 10, 10], 0.8)];

  it('greedy by score against all ground truth of the image; difficult boxes neither hit nor miss', () => {
    const r = evaluateVocClass(gts, dets, { use07Metric: true });
    expect(r.npos).toBe(2);
    expect([r.tp, r.fp]).toEqual([1, 2]);
    expect([...r.recall]).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect([...r.precision]).toEqual([1, 0.5, 0.5, 1 / 3]);
  });

  it('VOC2007: 11-point interpolation', () => {
    // Recall reaches .5: the points 0, .1, ..., .5 see max precision 1; .6 ... 1 see nothing -> 6/11.
    expect(evaluateVocClass(gts, dets, { use07Metric: true }).ap).toBeCloseTo(6 / 11, 15);
  });

  it('VOC2010+: area under the precision envelope', () => {
    // Recall steps 0 -> .5 at precision 1, then .5 -> 1 (sentinel) at precision 0 -> 0.5.
    expect(evaluateVocClass(gts, dets, { use07Metric: false }).ap).toBe(0.5);
    // Two steps: recall .5 at precision 1, recall 1 at precision 2/3 -> .5 * 1 + .5 * 2/3.
    expect(vocAp([0.5, 0.5, 1], [1, 0.5, 2 / 3], false)).toBeCloseTo(0.5 + 1 / 3, 15);
    // 11-point on the same curve: 6 points at 1, 5 points at 2/3.
    expect(vocAp([0.5, 0.5, 1], [1, 0.5, 2 / 3], true)).toBeCloseTo((6 + 5 * (2 / 3)) / 11, 15);
  });

  it('a class without positives has no AP and is left out of the mean', () => {
    const gt = {
      images: [{ id: 1 }],
      categories: [{ id: 1, name: 'car' }, { id: 2, name: 'bus' }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [10, 10, 20, 20], area: 400, iscrowd: 0 }],
    };
    const r = evaluateVocOnCoco(gt, [{ image_id: 1, category_id: 1, bbox: [10, 10, 20, 20], score: 0.9 }], 'voc12');
    expect(r.perClassAp).toEqual({ car: 1, bus: null });
    expect(r.map).toBe(1);
  });

  it('reads COCO boxes as inclusive pixel boxes, and crowd or difficult annotations as difficult', () => {
    expect(cocoToVocBox([10, 20, 5, 4])).toEqual([10, 20, 14, 23]);
    const gt = {
      images: [{ id: 1 }],
      categories: [{ id: 1, name: 'car' }],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], area: 100, iscrowd: 0 },
        { id: 2, image_id: 1, category_id: 1, bbox: [50, 0, 10, 10], area: 100, iscrowd: 1 },
        { id: 3, image_id: 1, category_id: 1, bbox: [100, 0, 10, 10], area: 100, iscrowd: 0, difficult: 1 },
      ],
    };
    const dts = [50, 100, 0].map((x, i) => ({ image_id: 1, category_id: 1, bbox: [x, 0, 10, 10], score: 0.9 - i * 0.1 }));
    const r = evaluateVocOnCoco(gt, dts, 'voc07');
    expect(r.perClass[0]!.result).toMatchObject({ npos: 1, tp: 1, fp: 0 });
    expect(r.map).toBeCloseTo(1, 15);
  });
});
