import { describe, expect, it } from 'vitest';
import { sizeBucket } from './coco.js';
import { createRng } from './prng.js';
import { planScene } from './scene.js';

describe('createRng', () => {
  it('repeats its stream for a seed and stays in range', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(createRng(42).fork(3).next()).toBe(createRng(42).fork(3).next());
    expect(createRng(42).fork(3).next()).not.toBe(createRng(42).fork(4).next());
  });
});

describe('planScene', () => {
  it('spans COCO small, medium and large objects of every class without heavy overlap', () => {
    const buckets = { small: 0, medium: 0, large: 0 };
    const classes = new Set<string>();
    for (let seed = 0; seed < 200; seed += 1) {
      const scene = planScene(createRng(seed), 256, 256);
      for (const o of scene.objects) {
        buckets[sizeBucket(o.box.w * o.box.h)] += 1;
        classes.add(o.cls);
        expect(o.box.x).toBeGreaterThanOrEqual(0);
        expect(o.box.x + o.box.w).toBeLessThanOrEqual(256);
      }
    }
    expect(classes.size).toBe(4);
    const total = buckets.small + buckets.medium + buckets.large;
    for (const n of Object.values(buckets)) expect(n / total).toBeGreaterThan(0.1);
  });
});
