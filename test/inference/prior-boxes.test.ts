import { describe, expect, it } from 'vitest';
import type { PriorBoxSpec } from '../../harness/src/inference/model-spec.js';
import { expandAspectRatios, generatePriorBoxes, priorsPerCell } from '../../harness/src/inference/adapters/prior-boxes.js';

const close = (actual: ArrayLike<number>, expected: number[]): void => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 6));
};

describe('expandAspectRatios (Caffe order)', () => {
  it('ratio then its flip, duplicates and 1 dropped', () => {
    expect(expandAspectRatios([2, 3], true)).toEqual([2, 0.5, 3, 1 / 3]);
    expect(expandAspectRatios([2, 2, 1], true)).toEqual([2, 0.5]);
    expect(expandAspectRatios([2], false)).toEqual([2]);
  });
});

describe('generatePriorBoxes', () => {
  it('per cell: min, sqrt(min*max), aspect ratios; rows then columns', () => {
    const spec: PriorBoxSpec = {
      imageSize: [300, 300],
      variances: [0.1, 0.1, 0.2, 0.2],
      layers: [{ featureMap: [2, 2], minSize: 30, maxSize: 60, aspectRatios: [2], flip: true, clip: false, offset: 0.5 }],
    };
    const p = generatePriorBoxes(spec);
    expect(priorsPerCell(spec.layers[0]!)).toBe(4);
    expect(p.length).toBe(2 * 2 * 4 * 4);
    const s = Math.sqrt(1800) / 2; // half side of the sqrt(min*max) square
    const w2 = (30 * Math.SQRT2) / 2; // half width at ratio 2
    const h2 = 30 / Math.SQRT2 / 2;
    // cell (h=0, w=0): centre (75, 75); step 150
    close(p.subarray(0, 16), [
      60 / 300, 60 / 300, 90 / 300, 90 / 300,
      (75 - s) / 300, (75 - s) / 300, (75 + s) / 300, (75 + s) / 300,
      (75 - w2) / 300, (75 - h2) / 300, (75 + w2) / 300, (75 + h2) / 300,
      (75 - h2) / 300, (75 - w2) / 300, (75 + h2) / 300, (75 + w2) / 300,
    ]);
    // second cell is (h=0, w=1): centre x 225, y 75
    close(p.subarray(16, 20), [210 / 300, 60 / 300, 240 / 300, 90 / 300]);
    // third cell is (h=1, w=0)
    close(p.subarray(32, 36), [60 / 300, 210 / 300, 90 / 300, 240 / 300]);
  });

  it('non-square input: imageSize and featureMap are [height, width]; explicit step; clip', () => {
    const spec: PriorBoxSpec = {
      imageSize: [200, 400],
      variances: [0.1, 0.1, 0.2, 0.2],
      layers: [{ featureMap: [1, 2], minSize: 300, aspectRatios: [], flip: false, clip: true, offset: 0.5, step: 200 }],
    };
    const p = generatePriorBoxes(spec);
    // centres (100, 100) and (300, 100); a 300 px square clipped to the image
    close(p, [0, 0, 250 / 400, 1, 150 / 400, 0, 1, 1]);
  });

  it('truncates fractional sizes like Caffe unless told not to; concatenates layers', () => {
    const layer = { featureMap: [1, 1] as [number, number], minSize: 35.84, aspectRatios: [], flip: false, clip: false, offset: 0.5 };
    const caffe = generatePriorBoxes({ imageSize: [100, 100], variances: [0.1, 0.1, 0.2, 0.2], layers: [layer, { ...layer, minSize: 50 }] });
    close(caffe, [0.325, 0.325, 0.675, 0.675, 0.25, 0.25, 0.75, 0.75]);
    const exact = generatePriorBoxes({ imageSize: [100, 100], variances: [0.1, 0.1, 0.2, 0.2], layers: [layer], truncateSizes: false });
    close(exact, [0.3208, 0.3208, 0.6792, 0.6792]);
  });
});
