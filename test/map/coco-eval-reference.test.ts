import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCoco } from '../../harness/src/metrics/coco-eval.js';
import { hasSharedMap, referenceCases, sharedMap } from './reference-paths.js';

// Values computed by pycocotools 2.0.11; they must agree to 1e-9 (they agree bit for bit today).
const skipNote = hasSharedMap ? '' : ` (skipped: ${sharedMap} not found; it sits beside the repository)`;

describe('COCO mAP against pycocotools reference cases', () => {
  const expected = hasSharedMap
    ? (JSON.parse(readFileSync(path.join(sharedMap, 'expected-pycocotools.json'), 'utf8')) as Record<string, number[]>)
    : {};

  for (const name of referenceCases) {
    it.skipIf(!hasSharedMap)(`${name}: all 12 stats match pycocotools${skipNote}`, () => {
      const gt = JSON.parse(readFileSync(path.join(sharedMap, name, 'gt.json'), 'utf8'));
      const dt = JSON.parse(readFileSync(path.join(sharedMap, name, 'dt.json'), 'utf8'));
      const { stats } = evaluateCoco(gt, dt);
      const want = expected[name]!;
      expect(stats).toHaveLength(12);
      stats.forEach((v, i) => expect(Math.abs(v - want[i]!), `stats[${i}]: ${v} vs ${want[i]}`).toBeLessThanOrEqual(1e-9));
    });
  }

  it.skipIf(!hasSharedMap)(`the two tie cases differ only by file order: AP 0.5 vs 1.0${skipNote}`, () => {
    const ap = (name: string) => {
      const gt = JSON.parse(readFileSync(path.join(sharedMap, name, 'gt.json'), 'utf8'));
      const dt = JSON.parse(readFileSync(path.join(sharedMap, name, 'dt.json'), 'utf8'));
      return evaluateCoco(gt, dt).stats[0]!;
    };
    expect(ap('case-b-fp-first')).toBeCloseTo(0.5, 12);
    expect(ap('case-b-tp-first')).toBeCloseTo(1, 12);
  });
});
