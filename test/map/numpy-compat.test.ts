import { describe, expect, it } from 'vitest';
import { COCO_IOU_THRESHOLDS, COCO_RECALL_THRESHOLDS } from '../../harness/src/metrics/coco-eval-params.js';
import { formatCocoSummary } from '../../harness/src/metrics/coco-eval-summarize.js';
import { numpyMean, numpySum } from '../../harness/src/metrics/numpy-mean.js';
import { formatPythonFixed } from '../../harness/src/metrics/python-format.js';

// Reference values printed by numpy 1.24 / Python 3.11 for the same inputs.
describe('numpy-compatible arithmetic', () => {
  const values = Array.from({ length: 20000 }, (_, i) => ((i * 7919) % 1000) / 997 + 1e-3 * (i % 7));

  it('sums in numpy\'s order (8192-element blocks, pairwise inside), not left to right', () => {
    let naive = 0;
    for (const v of values) naive += v;
    expect(naive).toBe(10080.057180541611);
    expect(numpySum(values)).toBe(10080.057180541626);
    expect(numpyMean(values)).toBe(0.5040028590270813);
    expect(numpySum(values.slice(0, 100))).toBe(49.492592778334995);
  });

  it('builds thresholds as numpy.linspace does', () => {
    expect(COCO_IOU_THRESHOLDS).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95]);
    expect(COCO_RECALL_THRESHOLDS).toHaveLength(101);
    expect(COCO_RECALL_THRESHOLDS.slice(0, 4)).toEqual([0, 0.01, 0.02, 0.03]);
    expect(COCO_RECALL_THRESHOLDS[100]).toBe(1);
  });
});

describe('Python number formatting', () => {
  it('rounds exact ties to even like Python, everything else like toFixed', () => {
    expect(formatPythonFixed(0.0625, 3)).toBe('0.062');
    expect(formatPythonFixed(0.1875, 3)).toBe('0.188');
    expect(formatPythonFixed(-0.0625, 3)).toBe('-0.062');
    expect(formatPythonFixed(0.03125, 4)).toBe('0.0312');
    expect(formatPythonFixed(0.0005, 3)).toBe('0.001'); // 0.0005 is slightly above the tie as a double
    expect(formatPythonFixed(-1, 3)).toBe('-1.000');
  });

  it('prints pycocotools\' 12 summary lines', () => {
    const lines = formatCocoSummary([0.5, 0.75, 0.0625, -1, 1, 0.3333, 0.1, 0.2, 0.3, -1, 0.4, 0.5]).split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe(' Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.500');
    expect(lines[2]).toBe(' Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ] = 0.062');
    expect(lines[3]).toBe(' Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = -1.000');
    expect(lines[4]).toBe(' Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = 1.000');
    expect(lines[6]).toBe(' Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = 0.100');
    expect(lines[11]).toBe(' Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = 0.500');
  });
});
