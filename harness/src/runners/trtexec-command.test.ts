import { describe, expect, it } from 'vitest';
import { buildArgs, singleStreamTiming, timingArgs } from './trtexec-command.js';

const settings = { modelSha256: 'a'.repeat(64), precision: 'fp32' as const, calibSha256: null, shapes: null, gpuId: undefined, toolId: 'x', onnx: '/w/m.onnx', saveEngine: '/w/e.tmp' };

describe('trtexec command lines', () => {
  it('--explicitBatch only for TensorRT 7 (or an unknown version); 8 and 10 do without', () => {
    expect(buildArgs({ ...settings, version: null })).toContain('--explicitBatch');
    expect(buildArgs({ ...settings, version: '8.2.1' })).not.toContain('--explicitBatch');
    expect(buildArgs({ ...settings, version: '10.3.0' })).not.toContain('--explicitBatch');
  });

  it('timing: warm-up in ms, duration in whole seconds, minimum queries', () => {
    const args = timingArgs({ engine: '/w/e', exportTimes: '/w/t.json', shapes: null, gpuId: undefined }, { warmUpMs: 200, durationS: 1.2, iterations: 64 });
    expect(args).toEqual(expect.arrayContaining(['--loadEngine=/w/e', '--warmUp=200', '--duration=2', '--iterations=64', '--exportTimes=/w/t.json']));
  });
});

describe('singleStreamTiming: hil\'s maxDurationMs for a tool that has no cap', () => {
  const params = { minQueries: 662, minDurationMs: 10_000, maxDurationMs: 120_000 };

  it('a fast engine meets both minimums well inside the cap: nothing changes', () => {
    expect(singleStreamTiming(params, 200, 5)).toEqual({ warmUpMs: 200, durationS: 10, iterations: 662, capped: false });
  });

  it('a slow engine gets only the queries that fit in maxDurationMs after the warm-up', () => {
    // 662 × 250 ms = 165 s > 120 s: (120 000 − 200) / 250 = 479 queries.
    expect(singleStreamTiming(params, 200, 250)).toEqual({ warmUpMs: 200, durationS: 10, iterations: 479, capped: true });
  });

  it('the duration never rounds up past the cap, and at least one query runs', () => {
    expect(singleStreamTiming({ minQueries: 10, minDurationMs: 5_000, maxDurationMs: 2_500 }, 200, 5_000)).toEqual({ warmUpMs: 200, durationS: 2, iterations: 1, capped: true });
  });
});
