/**
 * The emulated trtexec's report: C++ number formatting, trtexec 8.6's arithmetic (warm-ups,
 * percentiles, throughput), and hil's own parser reading it back exactly.
 */
import { describe, expect, it } from 'vitest';
import { cppFloat, exportTimesJson, logPrefix, parsePercentiles, performanceReport, splitWarmups, type QueryTrace } from '../../harness/src/emulator/trtexec-format.js';
import { parseTrtexecOutput, parseTrtexecTimes } from '../../harness/src/runners/trtexec-parse.js';

/** Back-to-back queries: h2d 0.01 ms, compute `ms`, d2h 0.005 ms. */
function traceOf(computeMs: number[]): QueryTrace[] {
  let t = 0;
  return computeMs.map((c) => {
    const q = { enqStart: t, h2dStart: t, h2dEnd: t + 0.01, computeStart: t + 0.01, computeEnd: t + 0.01 + c, enqEnd: t + 0.01 + c, d2hStart: t + 0.01 + c, d2hEnd: t + 0.015 + c };
    t = q.d2hEnd;
    return q;
  });
}

describe('cppFloat (std::ostream << float)', () => {
  it.each([
    [27207, '27207'], [130.298, '130.298'], [0.00610352, '0.00610352'], [3.000821, '3.00082'], [1234567, '1.23457e+06'],
    [0.00001234, '1.234e-05'], [0, '0'], [2.5, '2.5'], [99, '99'], [100000, '100000'],
  ])('%s → %s', (x, text) => expect(cppFloat(x)).toBe(text));
});

describe('performanceReport', () => {
  const compute = [...Array.from({ length: 5 }, () => 20), ...Array.from({ length: 100 }, (_, i) => 1 + i / 100)];
  const trace = traceOf(compute);
  const warmUpMs = 100; // the five 20 ms queries start before 100 ms

  it('splits warm-ups as trtexec does (compute started before --warmUp)', () => {
    expect(splitWarmups(trace, warmUpMs).warmups).toBe(5);
  });

  it('prints what hil\'s parser reads back, with trtexec 8.6\'s percentiles and throughput', () => {
    const date = new Date(2024, 9, 3, 10, 47, 59);
    const text = performanceReport(trace, { warmUpMs, avgRuns: 10, percentiles: [90, 95, 99] }).map((l) => `${logPrefix(date)}${l}`).join('\n');
    expect(text).toContain('[10/03/2024-10:47:59] [I] === Performance summary ===');
    expect(text).toContain('Warmup completed 5 queries over 100 ms');
    expect(text.match(/Average on 10 runs - GPU latency: [\d.]+ ms - Host latency: [\d.]+ ms \(enqueue [\d.]+ ms\)/g)).toHaveLength(10);
    const s = parseTrtexecOutput(text);
    expect(s.timedQueries).toBe(100);
    expect(s.warmup).toEqual({ queries: 5, ms: 100 });
    // Latency = h2d + compute + d2h; sorted 1.015 .. 2.005; p99 drops int(0.01 × 100) = 1 from the top.
    expect(s.latency.min).toBeCloseTo(1.015, 5);
    expect(s.latency.max).toBeCloseTo(2.005, 5);
    expect(s.latency.p99).toBeCloseTo(1.995, 5);
    expect(s.latency.p90).toBeCloseTo(1.915, 5);
    expect(s.latency.median).toBeCloseTo((1.505 + 1.515) / 2, 5);
    const walltime = trace[104]!.d2hEnd - trace[5]!.h2dStart;
    expect(s.totalHostWalltimeS).toBeCloseTo(walltime / 1000, 5);
    expect(s.throughputQps).toBeCloseTo(100 / (walltime / 1000), 1);
    expect(s.gpuCompute!.mean).toBeCloseTo(1.495, 5);
  });

  it('--exportTimes holds the timed queries only, in trtexec\'s JSON', () => {
    const json = exportTimesJson(trace, warmUpMs);
    expect(json.split('\n')[1]).toMatch(/^ {2}\{ "startEnqMs" : [\d.]+, "endEnqMs" : .*"latencyMs" : 1\.015 \}$/);
    const times = parseTrtexecTimes(json, 'tx2-01', { warmUpMs });
    expect(times.latencyMs).toHaveLength(100);
    expect(times.droppedWarmups).toBe(0);
    expect(times.computeMs[99]).toBeCloseTo(1.99, 5);
  });

  it('TensorRT 8.2 (a TX2 on JetPack 4.6) adds End-to-End Host Latency everywhere, and hil reads it', () => {
    const text = performanceReport(trace, { warmUpMs, avgRuns: 10, percentiles: [99], dialect: '8.2' }).join('\n');
    expect(text.match(/Average on 10 runs - GPU latency: [\d.]+ ms - Host latency: [\d.]+ ms \(end to end [\d.]+ ms, enqueue [\d.]+ ms\)/g)).toHaveLength(10);
    const s = parseTrtexecOutput(text);
    expect(s.endToEnd).not.toBeNull();
    // Back-to-back queries: end to end (first H2D start to last D2H end) equals the host latency.
    expect(s.endToEnd!.median).toBeCloseTo(s.latency.median, 5);
    expect(Object.keys(s.latency.percentiles)).toEqual(['99']);
    const json = exportTimesJson(trace, warmUpMs, '8.2');
    expect(json.split('\n')[1]).toMatch(/"latencyMs" : 1\.015, "endToEndMs" : 1\.015 \}$/);
    expect(parseTrtexecTimes(json, 'tx2-01', { warmUpMs }).latencyMs).toHaveLength(100);
  });

  it('--percentile: one value up to 8.5 (default 99), a list from 8.6 (default 90,95,99)', () => {
    expect(parsePercentiles(undefined, '8.2')).toEqual([99]);
    expect(parsePercentiles(undefined, '8.5')).toEqual([99]);
    expect(parsePercentiles(undefined, '8.6+')).toEqual([90, 95, 99]);
    expect(parsePercentiles('95', '8.5')).toEqual([95]);
    expect(parsePercentiles('90,99', '8.5')).toBeNull();
    expect(parsePercentiles('90,99', '8.6+')).toEqual([90, 99]);
    expect(parsePercentiles('101', '8.6+')).toBeNull();
    expect(parsePercentiles('', '8.6+')).toBeNull();
  });
});
