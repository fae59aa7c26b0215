import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../errors.js';
import { parseTrtexecOutput, parseTrtexecTimes, selectedDevice } from './trtexec-parse.js';

const reference = readFileSync(
  path.join(import.meta.dirname, '../../../test/power/fixtures/jetson/trtexec-samples.txt'),
  'utf8',
);
const [trt82, trt86] = reference.split(/^# --- .*$/m).slice(1) as [string, string];

// TensorRT 7.x prints blocks instead of one line per metric (format from TensorRT 7's
// sampleReporting, as posted in public issue threads; figures are ours).
const trt7 = `&&&& RUNNING TensorRT.trtexec # trtexec --loadEngine=ssd.trt
[06/12/2022-22:33:50] [I] Average on 10 runs - GPU latency: 1.56245 ms - Host latency: 1.65786 ms (end to end 2.76426 ms, enqueue 0.943042 ms)
[06/12/2022-22:34:00] [I] Host Latency
[06/12/2022-22:34:00] [I] min: 1.64 ms (end to end 1.66 ms)
[06/12/2022-22:34:00] [I] max: 6.29 ms (end to end 7.65 ms)
[06/12/2022-22:34:00] [I] mean: 1.66 ms (end to end 3.01 ms)
[06/12/2022-22:34:00] [I] median: 1.65 ms (end to end 3.02 ms)
[06/12/2022-22:34:00] [I] percentile: 1.67 ms at 99% (end to end 3.04 ms at 99%)
[06/12/2022-22:34:00] [I] throughput: 0 qps
[06/12/2022-22:34:00] [I] walltime: 3.00461 s
[06/12/2022-22:34:00] [I] Enqueue Time
[06/12/2022-22:34:00] [I] min: 0.90 ms
[06/12/2022-22:34:00] [I] max: 1.20 ms
[06/12/2022-22:34:00] [I] median: 0.94 ms
[06/12/2022-22:34:00] [I] GPU Compute
[06/12/2022-22:34:00] [I] min: 1.55 ms
[06/12/2022-22:34:00] [I] max: 6.20 ms
[06/12/2022-22:34:00] [I] mean: 1.57 ms
[06/12/2022-22:34:00] [I] median: 1.56 ms
[06/12/2022-22:34:00] [I] percentile: 1.58 ms at 99%
[06/12/2022-22:34:00] [I] total compute time: 2.83 s
&&&& PASSED TensorRT.trtexec # trtexec --loadEngine=ssd.trt
`;

// TensorRT 8.4: the 8.2 layout with percentiles but no End-to-End line.
const trt84 = `[I] TensorRT version: 8.4.1
[07/01/2022-10:00:00] [I] === Performance summary ===
[07/01/2022-10:00:00] [I] Throughput: 412.5 qps
[07/01/2022-10:00:00] [I] Latency: min = 2.3 ms, max = 3.1 ms, mean = 2.4 ms, median = 2.38 ms, percentile(99%) = 2.9 ms
[07/01/2022-10:00:00] [I] Enqueue Time: min = 0.5 ms, max = 0.9 ms, mean = 0.6 ms, median = 0.6 ms, percentile(99%) = 0.8 ms
[07/01/2022-10:00:00] [I] H2D Latency: min = 0.1 ms, max = 0.2 ms, mean = 0.12 ms, median = 0.12 ms, percentile(99%) = 0.18 ms
[07/01/2022-10:00:00] [I] GPU Compute Time: min = 2.1 ms, max = 2.8 ms, mean = 2.2 ms, median = 2.19 ms, percentile(99%) = 2.6 ms
[07/01/2022-10:00:00] [I] D2H Latency: min = 0.05 ms, max = 0.1 ms, mean = 0.06 ms, median = 0.06 ms, percentile(99%) = 0.09 ms
[07/01/2022-10:00:00] [I] Total Host Walltime: 3.002 s
[07/01/2022-10:00:00] [I] Total GPU Compute Time: 2.73 s
`;

describe('trtexec summary', () => {
  it('TensorRT 8.2 reference: one line per metric, End-to-End line, p99 only', () => {
    const s = parseTrtexecOutput(trt82);
    expect(s.format).toBe('trt8');
    expect(s.throughputQps).toBe(27207);
    expect(s.latency).toEqual({
      min: 0.564209, max: 0.593018, mean: 0.573891, median: 0.572998, p99: 0.587769, percentiles: { 99: 0.587769 },
    });
    expect(s.endToEnd?.median).toBe(0.585938);
    expect(s.enqueue?.max).toBe(0.282104);
    expect(s.h2d?.min).toBe(0.00610352);
    expect(s.gpuCompute).toEqual({
      min: 0.554932, max: 0.58374, mean: 0.564682, median: 0.564087, p99: 0.578552, percentiles: { 99: 0.578552 },
    });
    expect(s.d2h?.p99).toBe(0.00317383);
    expect(s.totalHostWalltimeS).toBe(3.00158);
    expect(s.totalGpuComputeS).toBe(2.88214);
    expect(s.tensorrtVersion).toBeNull();
  });

  it('TensorRT 8.6 / 10 reference: p90, p95 and p99, no End-to-End line', () => {
    const s = parseTrtexecOutput(trt86);
    expect(s.throughputQps).toBe(130.298);
    expect(s.latency).toMatchObject({ min: 5.38672, max: 13.3664, mean: 7.60628, median: 7.16092, p90: 10.2996, p95: 10.8698, p99: 12.9675 });
    expect(s.gpuCompute).toMatchObject({ median: 7.14139, p90: 10.2881, p95: 10.8175, p99: 12.9485 });
    expect(s.endToEnd).toBeNull();
  });

  it('the whole reference file (two summaries): the last one wins', () => {
    expect(parseTrtexecOutput(reference).throughputQps).toBe(130.298);
  });

  it('TensorRT 8.4: no End-to-End line, version from the log', () => {
    const s = parseTrtexecOutput(trt84);
    expect(s).toMatchObject({ format: 'trt8', tensorrtVersion: '8.4.1', throughputQps: 412.5, endToEnd: null });
    expect(s.latency.p99).toBe(2.9);
    expect(s.gpuCompute?.median).toBe(2.19);
  });

  it('TensorRT 7.x blocks: host latency with end to end in brackets; 0 qps is not a throughput', () => {
    const s = parseTrtexecOutput(trt7);
    expect(s.format).toBe('trt7');
    expect(s.latency).toEqual({ min: 1.64, max: 6.29, mean: 1.66, median: 1.65, p99: 1.67, percentiles: { 99: 1.67 } });
    expect(s.endToEnd).toEqual({ min: 1.66, max: 7.65, mean: 3.01, median: 3.02, p99: 3.04, percentiles: { 99: 3.04 } });
    expect(s.throughputQps).toBeNull();
    // Enqueue block lacks a mean in this sample: incomplete stats are reported as absent.
    expect(s.enqueue).toBeNull();
    expect(s.gpuCompute).toEqual({ min: 1.55, max: 6.2, mean: 1.57, median: 1.56, p99: 1.58, percentiles: { 99: 1.58 } });
    expect(s.totalHostWalltimeS).toBe(3.00461);
    expect(s.totalGpuComputeS).toBe(2.83);
  });

  it('TensorRT 7 with --percentile=95 and a coded version banner', () => {
    const text = trt7.replace('at 99% (end to end 3.04 ms at 99%)', 'at 95% (end to end 3.04 ms at 95%)')
      .replace('&&&& RUNNING TensorRT.trtexec #', '&&&& RUNNING TensorRT.trtexec [TensorRT v7103] #');
    const s = parseTrtexecOutput(text);
    expect(s.latency.p95).toBe(1.67);
    expect(s.latency.p99).toBeUndefined();
    expect(s.tensorrtVersion).toBe('7.1.3');
    expect(parseTrtexecOutput('&&&& RUNNING TensorRT.trtexec [TensorRT v100300] #\n' + trt86).tensorrtVersion).toBe('10.3.0');
  });

  it('a failed run or a run without a summary is an infrastructure error naming the board', () => {
    const failed = '[E] [TRT] ModelImporter.cpp:773: ERROR: unsupported op\n&&&& FAILED TensorRT.trtexec [TensorRT v8502] # trtexec --onnx=x.onnx';
    expect(() => parseTrtexecOutput(failed, 'tx2-01')).toThrowError(/trtexec failed: &&&& FAILED.*unsupported op/);
    const err = (() => {
      try {
        parseTrtexecOutput('[I] Loading engine\n', 'tx2-01');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InfrastructureError);
    expect((err as InfrastructureError).where).toBe('tx2-01');
    expect((err as InfrastructureError).code).toBe('HIL_TRTEXEC_PARSE');
  });
});

describe('trtexec --exportTimes', () => {
  it('extracts per-query latency and compute samples', () => {
    const json = JSON.stringify([
      { startHostMs: 1, endHostMs: 2, latencyMs: 1.6, computeMs: 1.5, endToEndMs: 2.1 },
      { startHostMs: 3, endHostMs: 4, latencyMs: 1.7, computeMs: 1.55 },
    ]);
    expect(parseTrtexecTimes(json)).toEqual({ latencyMs: [1.6, 1.7], computeMs: [1.5, 1.55], droppedWarmups: 0 });
    expect(() => parseTrtexecTimes('{', 'tx2-01')).toThrowError('not JSON');
    expect(() => parseTrtexecTimes('{}')).toThrowError('not a JSON array');
  });

  it('drops the warm-up queries TensorRT 8.4 and older export, by trtexec\'s own rule (compute started before --warmUp)', () => {
    // TensorRT 8.2's exportJSONTrace writes the whole trace, warm-ups included (8.6 skips them).
    const row = (start: number, latency: number) =>
      `{ "startEnqMs" : ${start}, "endEnqMs" : ${start + 0.1}, "startH2dMs" : ${start}, "endH2dMs" : ${start + 0.01}, "startComputeMs" : ${start + 0.01}, "endComputeMs" : ${start + latency}, "startD2hMs" : ${start + latency}, "endD2hMs" : ${start + latency}, "h2dMs" : 0.01, "computeMs" : ${latency - 0.01}, "d2hMs" : 0, "latencyMs" : ${latency}, "endToEndMs" : ${latency} }`;
    const json = `[\n  ${[row(0, 90), row(90, 150), row(240, 2), row(242, 3)].join('\n, ')}\n]\n`;
    expect(parseTrtexecTimes(json, 'tx2-01', { warmUpMs: 200 })).toEqual({ latencyMs: [2, 3], computeMs: [1.99, 2.99], droppedWarmups: 2 });
  });
});

describe("trtexec's selected device", () => {
  it('names the GPU and its compute capability as trtexec printed them, or nothing', () => {
    expect(selectedDevice('[12/05/2026-13:00:00] [I] === Device Information ===\n[12/05/2026-13:00:00] [I] Selected Device: GP106\n[12/05/2026-13:00:00] [I] Compute Capability: 6.1\n')).toEqual({ name: 'GP106', computeCapability: '6.1' });
    expect(selectedDevice('[I] Selected Device: Xavier\n')).toEqual({ name: 'Xavier', computeCapability: null });
    expect(selectedDevice('&&&& PASSED')).toBeUndefined();
  });
});
