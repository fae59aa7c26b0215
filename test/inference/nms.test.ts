import { describe, expect, it } from 'vitest';
import { DEFAULT_NMS, type NmsSpec } from '../../harness/src/inference/model-spec.js';
import { iou, nmsPerClass } from '../../harness/src/inference/nms.js';

const spec = (over: Partial<NmsSpec> = {}): NmsSpec => ({ ...DEFAULT_NMS, ...over });

describe('iou (Caffe normalised convention, no +1)', () => {
  it('computes overlap, disjoint and inverted boxes', () => {
    const boxes = [0, 0, 2, 2, 1, 1, 3, 3, 5, 5, 6, 6, 1, 1, 0, 0];
    expect(iou(boxes, 0, 1)).toBeCloseTo(1 / 7, 12);
    expect(iou(boxes, 0, 2)).toBe(0);
    expect(iou(boxes, 0, 3)).toBe(0);
    expect(iou(boxes, 0, 0)).toBe(1);
  });
});

describe('nmsPerClass', () => {
  // box 0 and 1 overlap with IoU 0.6; box 2 is far away; box 3 = box 0 shifted: IoU(0,3) = 0.45 exactly.
  const boxes = [0, 0, 10, 10, 0, 0, 10, 6, 50, 50, 60, 60, 0, 0, 10, 4.5];
  // classes: 0 background, 1, 2
  const scores = [
    0.1, 0.9, 0.05, // box 0
    0.1, 0.8, 0.7, // box 1
    0.1, 0.3, 0.01, // box 2: class 2 score equals the threshold -> dropped (strictly greater)
    0.1, 0.6, 0.0, // box 3
  ];
  const input = { boxes, scores, numBoxes: 4, numClasses: 3, backgroundClass: 0 };

  it('suppresses within a class only, keeps IoU == threshold, skips background', () => {
    expect(iou(boxes, 0, 1)).toBeCloseTo(0.6, 12);
    expect(iou(boxes, 0, 3)).toBeCloseTo(0.45, 12);
    const out = nmsPerClass(input, spec());
    expect(out).toEqual([
      { classIndex: 1, boxIndex: 0, score: 0.9 },
      { classIndex: 1, boxIndex: 3, score: 0.6 },
      { classIndex: 1, boxIndex: 2, score: 0.3 },
      { classIndex: 2, boxIndex: 1, score: 0.7 }, // box 0 (0.05) overlaps it by 0.6: suppressed
    ]);
  });

  it('cuts to topKBefore per class before NMS', () => {
    const out = nmsPerClass(input, spec({ topKBefore: 1 }));
    expect(out.map((d) => [d.classIndex, d.boxIndex])).toEqual([[1, 0], [2, 1]]);
  });

  it('caps at keepTopK across classes by score, output grouped by class', () => {
    const out = nmsPerClass(input, spec({ keepTopK: 3 }));
    expect(out.map((d) => [d.classIndex, d.boxIndex, d.score])).toEqual([[1, 0, 0.9], [1, 3, 0.6], [2, 1, 0.7]]);
  });

  it('negative limits mean no limit; confidence threshold is strict', () => {
    const out = nmsPerClass(input, spec({ topKBefore: -1, keepTopK: -1, confidenceThreshold: 0.6, iouThreshold: 1 }));
    expect(out.map((d) => [d.classIndex, d.boxIndex])).toEqual([[1, 0], [1, 1], [2, 1]]);
  });

  it('ties keep box order (stable), background < 0 means every class counts', () => {
    const tie = { boxes: [0, 0, 1, 1, 5, 5, 6, 6], scores: [0.5, 0.5], numBoxes: 2, numClasses: 1, backgroundClass: -1 };
    expect(nmsPerClass(tie, spec()).map((d) => d.boxIndex)).toEqual([0, 1]);
  });
});
