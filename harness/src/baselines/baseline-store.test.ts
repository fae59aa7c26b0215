import { describe, expect, it } from 'vitest';
import { compareLatency } from '../metrics/latency-compare.js';
import { mergeBaseline, type StoredBaseline } from './baseline-store.js';

const accepted = (runId: string, samplesMs: number[]): StoredBaseline => ({
  model: 'm', device: 'local', board: 'local', acceptedAt: `2026-11-27T00:00:0${runId}Z`, runId,
  map: 0.5, map50: 0.8, latencySamplesMs: samplesMs, medianMs: samplesMs[0]!, p99Ms: null, meanW: null, provenance: {},
  runs: [{ runId, acceptedAt: 'x', board: 'local', medianMs: samplesMs[0]!, samplesMs }],
});

describe('mergeBaseline', () => {
  it('keeps the newest runs and pools their samples', () => {
    let stored: StoredBaseline | null = null;
    for (const id of ['1', '2', '3', '4']) stored = mergeBaseline(stored, accepted(id, [Number(id), Number(id)]), 3);
    expect(stored!.runs!.map((r) => r.runId)).toEqual(['2', '3', '4']);
    expect(stored!.latencySamplesMs).toEqual([2, 2, 3, 3, 4, 4]);
    expect(stored!.runId).toBe('4');
  });

  it('turns a baseline written before runs existed into its first run', () => {
    const { runs: _dropped, ...old } = accepted('1', [5, 5]);
    const merged = mergeBaseline(old, accepted('2', [6, 6]));
    expect(merged.runs!.map((r) => r.runId)).toEqual(['1', '2']);
  });
});

describe('compareLatency against several baseline runs', () => {
  const around = (center: number, n = 640) => Array.from({ length: n }, (_, i) => center * (1 + ((i % 20) - 10) / 1000));
  it('measures the shift from the slowest baseline run, so run-to-run drift is not a regression', () => {
    const pooled = [...around(10), ...around(11.2)];
    const candidate = around(11.5);
    // Against the pooled median (~10.6 ms) this is an 8% "slowdown"; against the slowest run it is 2.7%.
    expect(compareLatency(pooled, candidate).decision).toBe('regression');
    const c = compareLatency(pooled, candidate, { baselineRunMediansMs: [10, 11.2] });
    expect(c.decision).toBe('no-regression');
    expect(c.reason).toContain('slowest of 2 baseline runs');
  });
  it('still flags a slowdown beyond every baseline run', () => {
    expect(compareLatency([...around(10), ...around(11.2)], around(12.5), { baselineRunMediansMs: [10, 11.2] }).decision).toBe('regression');
  });
});
