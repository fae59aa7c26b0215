import { describe, expect, it } from 'vitest';
import { identityMeta } from '../image-meta.js';
import { decodeOutputs } from './decode-outputs.js';
import { decodeRegion } from './yolo-region.js';

const NMS = { iouThreshold: 0.45, topKBefore: 400, keepTopK: 200, confidenceThreshold: 0.01 };
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('yolo-region decoding (hand-computed)', () => {
  it('one anchor, one cell: centre from sigmoid offsets, size from exp times the anchor, score = objectness x softmax', () => {
    // Channels: tx ty tw th to c0 c1, each a 1x1 plane.
    const region = [0, 0, 0, 0, 0, 0, 0];
    const { boxes, scores } = decodeRegion(region, 0, { region: 'r', anchors: [[2, 3]], classesInOutput: 2 }, 1, 1);
    // bx = (0 + 0.5) / 1, bw = 2 * e^0 / 1: corners 0.5 -+ 1 and 0.5 -+ 1.5.
    expect([...boxes]).toEqual([-0.5, -1, 1.5, 2]);
    expect([...scores]).toEqual([0.25, 0.25]);
    const { boxes: b2, scores: s2 } = decodeRegion([Math.log(3), -Math.log(3), Math.log(0.5), 0, Math.log(4), Math.log(3), 0], 0, { region: 'r', anchors: [[1, 1]], classesInOutput: 2 }, 1, 1);
    // sigmoid(ln 3) = 0.75, sigmoid(-ln 3) = 0.25; w = 0.5, h = 1; objectness 0.8; softmax(ln 3, 0) = (0.75, 0.25).
    expect([...b2].map((v) => Number(v.toFixed(12)))).toEqual([0.5, -0.25, 1, 0.75]);
    expect([...s2].map((v) => Number(v.toFixed(12)))).toEqual([0.6, 0.2]);
  });

  it('anchor-major channels, planes row by row, boxes indexed (a*H + cy)*W + cx', () => {
    const a = 2;
    const c = 1;
    const h = 1;
    const w = 2;
    const plane = h * w;
    const region = new Float64Array(a * (5 + c) * plane);
    // Anchor 1, cell (cy 0, cx 1): tx = 2. Everything else 0.
    region[(1 * (5 + c) + 0) * plane + 1] = 2;
    const { boxes } = decodeRegion(region, 0, { region: 'r', anchors: [[1, 1], [2, 2]], classesInOutput: c }, h, w);
    const box = (i: number) => [...boxes.subarray(4 * i, 4 * i + 4)];
    // Box 3 = (a 1, cy 0, cx 1): bx = (1 + sigmoid(2)) / 2, bw = 2 / 2.
    const bx = (1 + sigmoid(2)) / 2;
    expect(box(3)).toEqual([bx - 0.5, 0.5 - 1, bx + 0.5, 0.5 + 1]);
    // Box 1 = (a 0, cy 0, cx 1): untouched offsets.
    expect(box(1)).toEqual([0.75 - 0.25, 0.5 - 0.5, 0.75 + 0.25, 0.5 + 0.5]);
  });

  it('through decodeOutputs: per-class NMS without a background class, class c is category c + 1, pixels of the original image', () => {
    // Two anchors on one 1x1 cell predicting nearly the same box; class 1 wins for both.
    const region = new Float32Array([0, 0, 0, 0, 3, -2, 2, /* anchor 1 */ 0, 0, 0.05, 0.05, 1, -2, 2]);
    const meta = { ...identityMeta(1, 100, 100), inputWidth: 100, inputHeight: 100 };
    const dets = decodeOutputs(
      { output: { format: 'yolo-region', region: 'region', anchors: [[0.5, 0.5], [0.5, 0.5]], classesInOutput: 2, layout: 'anchor-major', xy: 'sigmoid', wh: 'exp', objectness: 'sigmoid', classScores: 'softmax' }, nms: NMS },
      { region: { dims: [1, 14, 1, 1], data: region } },
      [meta],
    );
    // Class 1 (category 2): anchor 0 (higher objectness) kept, anchor 1 suppressed (IoU > 0.45);
    // class 0 (category 1) keeps anchor 0's low score too (0.01 < score).
    expect(dets.map((d) => [d.category_id, Number(d.score.toFixed(6))])).toEqual([
      [2, Number((sigmoid(3) * Math.exp(2) / (Math.exp(2) + Math.exp(-2))).toFixed(6))],
      [1, Number((sigmoid(3) * Math.exp(-2) / (Math.exp(2) + Math.exp(-2))).toFixed(6))],
    ]);
    // Centre 50 px, size 0.5 of the input: [25, 25, 50, 50] as COCO [x, y, w, h].
    expect(dets[0]!.bbox.map((v) => Number(v.toFixed(6)))).toEqual([25, 25, 50, 50]);
  });

  it('a region tensor of the wrong shape names the output and what was expected', () => {
    expect(() =>
      decodeOutputs(
        { output: { format: 'yolo-region', region: 'region', anchors: [[1, 1]], classesInOutput: 4, layout: 'anchor-major', xy: 'sigmoid', wh: 'exp', objectness: 'sigmoid', classScores: 'softmax' }, nms: NMS },
        { region: { dims: [1, 8, 2, 2], data: new Float32Array(32) } },
        [identityMeta(1, 10, 10)],
      ),
    ).toThrow(/output region.*expected region \[1, 9 = 1 anchors x \(5 \+ 4 classes\), H, W\]/);
  });
});

describe('yolo-region decoding against the Python reference decoder', () => {
  it('gives the same detections as golden/train/yolo.py on the trained model\'s outputs (three val pictures)', async () => {
    const { readFileSync } = await import('node:fs');
    const ref = JSON.parse(readFileSync(new URL('../../../../test/fixtures/yolo/tiny-yolo-v2-mini-reference.json', import.meta.url), 'utf8')) as {
      anchors: Array<[number, number]>;
      classesInOutput: number;
      nms: typeof NMS;
      pictures: Array<{ image_id: number; width: number; height: number; region: number[]; detections: Array<{ categoryId: number; score: number; bboxPixels: number[] }> }>;
    };
    const spec = { output: { format: 'yolo-region' as const, region: 'region', anchors: ref.anchors, classesInOutput: ref.classesInOutput, layout: 'anchor-major' as const, xy: 'sigmoid' as const, wh: 'exp' as const, objectness: 'sigmoid' as const, classScores: 'softmax' as const }, nms: ref.nms };
    let compared = 0;
    for (const p of ref.pictures) {
      const meta = { imageId: p.image_id, width: p.width, height: p.height, inputWidth: 160, inputHeight: 160, scaleX: 160 / p.width, scaleY: 160 / p.height, padX: 0, padY: 0 };
      const dets = decodeOutputs(spec, { region: { dims: [1, 45, 10, 10], data: new Float32Array(p.region) } }, [meta]);
      // The reference lists Caffe's order (class, then score); hil lists by score: compare as sets.
      const key = (c: number, s: number) => `${c}:${s.toFixed(5)}`;
      expect(dets.map((d) => key(d.category_id, d.score)).sort()).toEqual(p.detections.map((d) => key(d.categoryId, d.score)).sort());
      for (const r of p.detections) {
        // Equal scores happen (neighbouring cells); the box tells them apart.
        const distance = (b: number[]) => Math.max(...b.map((v, i) => Math.abs(v - r.bboxPixels[i]!)));
        const same = dets.filter((x) => x.category_id === r.categoryId && Math.abs(x.score - r.score) < 1e-5);
        expect(Math.min(...same.map((x) => distance(x.bbox)))).toBeLessThan(1e-3);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });
});
