import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../harness/src/errors.js';
import { decodeOutputs, outputNamesOf, type DecodeSpec } from '../../harness/src/inference/adapters/decode-outputs.js';
import { categoryIdFor } from '../../harness/src/inference/adapters/class-mapping.js';
import type { ImageMeta } from '../../harness/src/inference/image-meta.js';
import { DEFAULT_NMS } from '../../harness/src/inference/model-spec.js';

const t = (dims: number[], data: number[]) => ({ dims, data: Float32Array.from(data) });
/** A 200x100 original stretched into a 100x100 input: x halves, y stays. */
const stretch: ImageMeta = { imageId: 42, width: 200, height: 100, inputWidth: 100, inputHeight: 100, scaleX: 0.5, scaleY: 1, padX: 0, padY: 0 };
/** A 200x100 original letterboxed into 100x100: scale 0.5, 25 px bars top and bottom. */
const letterbox: ImageMeta = { imageId: 43, width: 200, height: 100, inputWidth: 100, inputHeight: 100, scaleX: 0.5, scaleY: 0.5, padX: 0, padY: 25 };

const expectBbox = (actual: number[], expected: number[]): void => expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 4));

describe('category mapping', () => {
  it('is the 1-based index among non-background classes', () => {
    expect([0, 1, 2].map((c) => categoryIdFor(c, -1))).toEqual([1, 2, 3]);
    expect([1, 2].map((c) => categoryIdFor(c, 0))).toEqual([1, 2]);
    expect([0, 1].map((c) => categoryIdFor(c, 2))).toEqual([1, 2]); // background last
  });
});

describe('decoded-softmax (pytorch-ssd)', () => {
  const spec: DecodeSpec = { output: { format: 'decoded-softmax', boxes: 'boxes', scores: 'scores', backgroundClass: 0 }, nms: DEFAULT_NMS };
  const boxes = t([1, 3, 4], [0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3, 0.38, 0.5, 0.5, 0.9, 0.9]);
  const scores = t([1, 3, 3], [0.1, 0.8, 0.1, 0.2, 0.7, 0.1, 0.3, 0.2, 0.5]);

  it('runs NMS per class and maps to original pixels', () => {
    const out = decodeOutputs(spec, { boxes, scores }, [stretch]);
    // class 1: box 0 (0.8) suppresses box 1 (IoU 0.9); box 2 (0.2) stays; class 2: boxes 2, 0, 1 (0.5, 0.1, 0.1) -> 0 and 1 overlap
    expect(out.map((d) => [d.category_id, d.score])).toEqual([
      [1, expect.closeTo(0.8, 6)],
      [2, expect.closeTo(0.5, 6)],
      [1, expect.closeTo(0.2, 6)],
      [2, expect.closeTo(0.1, 6)],
    ]);
    expect(out.every((d) => d.image_id === 42)).toBe(true);
    expectBbox(out[0]!.bbox, [20, 20, 40, 20]); // x: 10..30 input px -> 20..60, y 20..40
    expectBbox(out[1]!.bbox, [100, 50, 80, 40]);
  });

  it('maps letterboxed boxes back through the padding', () => {
    const out = decodeOutputs(spec, { boxes, scores }, [letterbox]);
    expectBbox(out[0]!.bbox, [20, -10, 40, 40]); // y 20..40 input px -> (20-25)/0.5 .. (40-25)/0.5
    const clipped = decodeOutputs(spec, { boxes, scores }, [letterbox], { clip: true });
    expectBbox(clipped[0]!.bbox, [20, 0, 40, 30]);
  });

  it('decodes a batch of two', () => {
    const b2 = decodeOutputs(spec, { boxes: t([2, 3, 4], [...boxes.data, ...boxes.data]), scores: t([2, 3, 3], [...scores.data, ...scores.data]) }, [stretch, letterbox]);
    expect(b2.filter((d) => d.image_id === 42)).toHaveLength(4);
    expect(b2.filter((d) => d.image_id === 43)).toHaveLength(4);
  });

  it('names a missing output and a wrong shape', () => {
    expect(() => decodeOutputs(spec, { boxes }, [stretch])).toThrow(/no output "scores".*boxes/);
    expect(() => decodeOutputs(spec, { boxes: t([1, 2, 4], [0, 0, 1, 1, 0, 0, 1, 1]), scores }, [stretch])).toThrow(ConfigError);
  });
});

describe('ssd-raw (Caffe priors + centre-size decoding)', () => {
  const priors = {
    imageSize: [100, 100] as [number, number],
    variances: [0.1, 0.1, 0.2, 0.2] as [number, number, number, number],
    // two priors in one cell: 20 px square and sqrt(20*80) = 40 px square, centred at (50, 50)
    layers: [{ featureMap: [1, 1] as [number, number], minSize: 20, maxSize: 80, aspectRatios: [], flip: false, clip: false, offset: 0.5 }],
  };
  const spec: DecodeSpec = { output: { format: 'ssd-raw', loc: 'loc', conf: 'conf', confActivation: 'softmax', backgroundClass: 0 }, nms: DEFAULT_NMS, priors };
  const ident: ImageMeta = { imageId: 1, width: 100, height: 100, inputWidth: 100, inputHeight: 100, scaleX: 1, scaleY: 1, padX: 0, padY: 0 };

  it('zero offsets give the priors; offsets move and scale them', () => {
    // prior 1 (40 px): dx = 1 -> cx += 0.1 * 1 * 0.4 = +0.04; dw = 5 ln 2 -> w = 0.4 * 2
    const loc = t([1, 8], [0, 0, 0, 0, 1, 0, 5 * Math.LN2, 0]);
    // logits: prior 0 strongly class 1, prior 1 strongly class 2 (softmax applied by hil)
    const conf = t([1, 6], [0, 10, 0, 0, 0, 10]);
    const out = decodeOutputs(spec, { loc, conf }, [ident]);
    const e = Math.exp(10) / (Math.exp(10) + 2);
    // the other two scores are 1 / (e^10 + 2) ~ 4.5e-5, under the 0.01 confidence threshold
    expect(out.map((d) => d.category_id)).toEqual([1, 2]);
    expect(out[0]!.score).toBeCloseTo(e, 6);
    expectBbox(out[0]!.bbox, [40, 40, 20, 20]);
    expectBbox(out[1]!.bbox, [54 - 40, 30, 80, 40]);
  });

  it('takes probabilities as they are with confActivation none, [B, N, C] dims accepted', () => {
    const none: DecodeSpec = { ...spec, output: { format: 'ssd-raw', loc: 'loc', conf: 'conf', confActivation: 'none', backgroundClass: 0 } };
    const out = decodeOutputs(none, { loc: t([1, 2, 4], new Array(8).fill(0)), conf: t([1, 2, 2], [0.4, 0.6, 0.995, 0.005]) }, [ident]);
    expect(out).toEqual([{ image_id: 1, category_id: 1, bbox: expect.any(Array), score: expect.closeTo(0.6, 6) }]);
    expectBbox(out[0]!.bbox, [40, 40, 20, 20]);
  });

  it('needs priors and matching sizes', () => {
    const noPriors: DecodeSpec = { output: spec.output, nms: DEFAULT_NMS };
    expect(() => decodeOutputs(noPriors, { loc: t([1, 8], new Array(8).fill(0)), conf: t([1, 6], new Array(6).fill(0)) }, [ident])).toThrow(/needs prior boxes/);
    expect(() => decodeOutputs(spec, { loc: t([1, 12], new Array(12).fill(0)), conf: t([1, 6], new Array(6).fill(0)) }, [ident])).toThrow(/expected 8 values/);
  });
});

describe('caffe-detection-output [1, 1, N, 7]', () => {
  const spec: DecodeSpec = { output: { format: 'caffe-detection-output', detections: 'detection_out' }, nms: DEFAULT_NMS };
  it('skips label -1 padding, sorts by score, routes rows by image_id', () => {
    const rows = [
      [0, 2, 0.3, 0.1, 0.1, 0.2, 0.2],
      [-1, -1, -1, -1, -1, -1, -1],
      [1, 1, 0.9, 0, 0, 1, 1],
      [0, 1, 0.7, 0.5, 0.5, 1, 1],
      [0, -1, 0, 0, 0, 0, 0],
    ];
    const out = decodeOutputs(spec, { detection_out: t([1, 1, 5, 7], rows.flat()) }, [stretch, letterbox]);
    expect(out.map((d) => [d.image_id, d.category_id, d.score])).toEqual([
      [42, 1, expect.closeTo(0.7, 6)],
      [42, 2, expect.closeTo(0.3, 6)],
      [43, 1, expect.closeTo(0.9, 6)],
    ]);
    expectBbox(out[0]!.bbox, [100, 50, 100, 50]);
    expectBbox(out[2]!.bbox, [0, -50, 200, 200]);
  });
  it('rejects a row for an image outside the batch and a bad row width', () => {
    expect(() => decodeOutputs(spec, { detection_out: t([1, 1, 1, 7], [3, 1, 0.5, 0, 0, 1, 1]) }, [stretch])).toThrow(/names image 3/);
    expect(() => decodeOutputs(spec, { detection_out: t([1, 6], [0, 1, 0.5, 0, 0, 1]) }, [stretch])).toThrow(ConfigError);
  });
});

describe('post-nms (num_detections, boxes, scores, classes)', () => {
  const base = { format: 'post-nms' as const, numDetections: 'num', boxes: 'boxes', scores: 'scores', classes: 'classes' };
  const outputs = {
    num: t([1], [2]),
    boxes: t([1, 3, 4], [0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.6, 0.7, 9, 9, 9, 9]),
    scores: t([1, 3], [0.9, 0.4, 0.3]),
    classes: t([1, 3], [1, 3, 7]),
  };
  it('TF order (yxyx), 1-based labels, normalised; rows past num_detections ignored', () => {
    const spec: DecodeSpec = { output: { ...base, boxOrder: 'yxyx', labelBase: 1, normalized: true }, nms: DEFAULT_NMS };
    const out = decodeOutputs(spec, outputs, [stretch]);
    expect(out.map((d) => d.category_id)).toEqual([1, 3]);
    expectBbox(out[0]!.bbox, [40, 10, 40, 20]); // x 0.2..0.4 -> 20..40 input px -> 40..80; y 0.1..0.3 -> 10..30
  });
  it('xyxy, 0-based labels, pixel coordinates', () => {
    const spec: DecodeSpec = { output: { ...base, boxOrder: 'xyxy', labelBase: 0, normalized: false }, nms: DEFAULT_NMS };
    const px = { ...outputs, boxes: t([1, 3, 4], [10, 20, 30, 40, 0, 0, 1, 1, 0, 0, 0, 0]) };
    const out = decodeOutputs(spec, px, [stretch]);
    expect(out.map((d) => d.category_id)).toEqual([2, 4]);
    expectBbox(out[0]!.bbox, [20, 20, 40, 20]);
  });
  it('lists the outputs it reads', () => {
    expect(outputNamesOf({ output: { ...base, boxOrder: 'xyxy', labelBase: 0, normalized: true } })).toEqual(['num', 'boxes', 'scores', 'classes']);
  });
});
