import { describe, expect, it } from 'vitest';
import { isEvictablePath, parseCacheListing, planEviction, type CacheEntry } from './cache-eviction.js';

const e = (path: string, sizeKb: number, mtimeS: number): CacheEntry => ({ path, sizeKb, mtimeS });

describe('planEviction (least recently used first)', () => {
  const entries = [e('cache/a', 400, 100), e('engines/b.engine', 300, 50), e('agent/c', 200, 300), e('cache/d', 100, 200)];

  it('keeps everything that fits', () => {
    expect(planEviction(entries, 1000)).toEqual({ evict: [], keptKb: 1000, freedKb: 0 });
  });

  it('evicts the oldest uses until the rest fits, and no more', () => {
    const plan = planEviction(entries, 600);
    expect(plan.evict.map((x) => x.path)).toEqual(['engines/b.engine', 'cache/a']);
    expect(plan).toMatchObject({ keptKb: 300, freedKb: 700 });
  });

  it('evicts everything for a budget of zero; equal ages go by path', () => {
    const plan = planEviction([e('cache/y', 1, 5), e('cache/x', 1, 5)], 0);
    expect(plan.evict.map((x) => x.path)).toEqual(['cache/x', 'cache/y']);
  });

  it('never plans to delete a path outside the cache folders', () => {
    const hostile = [e('cache/../../etc', 9999, 0), e('jobs/x', 9999, 0), e('cache/.upload-1', 9999, 0), e('/etc/passwd', 9999, 0), e('cache', 9999, 0), e('cache/ok', 10, 1)];
    expect(planEviction(hostile, 0).evict.map((x) => x.path)).toEqual(['cache/ok']);
  });
});

describe('isEvictablePath / parseCacheListing', () => {
  it('accepts one entry directly inside cache, engines or agent', () => {
    expect(['cache/ab12', 'engines/k.engine', 'agent/ff'].every(isEvictablePath)).toBe(true);
    expect(['cache/a/b', 'cache/..', 'cache/', 'tmp/x', '../cache/a'].some(isEvictablePath)).toBe(false);
  });

  it('reads `mtime sizeKb path` lines and skips the rest', () => {
    expect(parseCacheListing('stale 2\n1700000000 2048 cache/abc\nnoise\n1700000001.5 4 agent/d\n')).toEqual([
      { mtimeS: 1700000000, sizeKb: 2048, path: 'cache/abc' },
      { mtimeS: 1700000001, sizeKb: 4, path: 'agent/d' },
    ]);
  });
});
