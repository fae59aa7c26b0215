/**
 * Parser for the performance summary `trtexec` prints, in every format we know (all times in ms):
 * - TensorRT 7.x: blocks headed `Host Latency`, `Enqueue Time`, `GPU Compute` with lines like
 *   `min: 1.64 ms (end to end 1.66 ms)` and `percentile: 1.67 ms at 99%`;
 * - TensorRT 8.0-8.2: `=== Performance summary ===`, `Latency: min = ..., percentile(99%) = ...`
 *   plus an `End-to-End Host Latency:` line;
 * - TensorRT 8.4: the same without the End-to-End line;
 * - TensorRT 8.6 and 10: several percentiles (`percentile(90%) = ...`).
 * `latency` is always trtexec's host latency (H2D + GPU compute + D2H of one query).
 * Pure; malformed output throws InfrastructureError (the runner broke, nothing is known of the model).
 */
import { tensorRtVersionFromCode } from '../devices/probes/tensorrt-version.js';
import { InfrastructureError } from '../errors.js';

export interface TrtexecStats {
  min: number;
  max: number;
  mean: number;
  median: number;
  p90?: number;
  p95?: number;
  p99?: number;
  /** Every percentile printed, keyed by percent (`"99"`, `"99.9"`). */
  percentiles: Record<string, number>;
}

export interface TrtexecSummary {
  format: 'trt7' | 'trt8';
  /** `8.6.1`, from `TensorRT version:` or `[TensorRT v8601]`; null when not in the output. */
  tensorrtVersion: string | null;
  /** Queries per second; null when missing or printed as 0 (TensorRT 7 does in some modes). */
  throughputQps: number | null;
  latency: TrtexecStats;
  endToEnd: TrtexecStats | null;
  enqueue: TrtexecStats | null;
  h2d: TrtexecStats | null;
  d2h: TrtexecStats | null;
  gpuCompute: TrtexecStats | null;
  totalHostWalltimeS: number | null;
  totalGpuComputeS: number | null;
  /** `Warmup completed N queries over X ms` (TensorRT 8+), when printed. */
  warmup?: { queries: number; ms: number };
  /** `Timing trace has N queries over X s` (TensorRT 8+), when printed. */
  timedQueries?: number;
}

const NUM = String.raw`[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?`;
const UNIT_TO_MS: Record<string, number> = { ms: 1, us: 1e-3, s: 1000 };

const PREFIX = /^\s*(?:\[[^\]]*\]\s*)+/;

/** Drops trtexec's `[12/06/2022-15:00:20] [I] ` prefix (and `[TRT] `; some builds omit the date). */
function stripPrefix(line: string): string {
  return line.replace(PREFIX, '').trim();
}

/** An `[E]` (error) log line. */
function isErrorLine(line: string): boolean {
  return (PREFIX.exec(line)?.[0] ?? '').includes('[E]');
}

function toMs(value: string, unit: string): number {
  return Number(value) * (UNIT_TO_MS[unit] ?? NaN);
}

function finishStats(fields: Record<string, number>, percentiles: Record<string, number>): TrtexecStats | null {
  const { min, max, mean, median } = fields;
  if (min === undefined || max === undefined || mean === undefined || median === undefined) return null;
  const stats: TrtexecStats = { min, max, mean, median, percentiles };
  for (const p of ['90', '95', '99'] as const) if (percentiles[p] !== undefined) stats[`p${p}`] = percentiles[p];
  return stats;
}

/** `min = 0.56 ms, max = 0.59 ms, ..., percentile(99%) = 0.58 ms` (TensorRT 8+). */
function parseStatsLine(text: string): TrtexecStats | null {
  const fields: Record<string, number> = {};
  const percentiles: Record<string, number> = {};
  const re = new RegExp(String.raw`(min|max|mean|median|percentile\((${NUM})%\))\s*=?\s*(${NUM})\s*(ms|us|s)\b`, 'g');
  for (const m of text.matchAll(re)) {
    const v = toMs(m[3]!, m[4]!);
    if (m[2] !== undefined) percentiles[String(Number(m[2]))] = v;
    else fields[m[1]!] = v;
  }
  return finishStats(fields, percentiles);
}

function parseTrt8(lines: string[], start: number): Omit<TrtexecSummary, 'tensorrtVersion'> | null {
  const s: Omit<TrtexecSummary, 'tensorrtVersion' | 'latency'> & { latency: TrtexecStats | null } = {
    format: 'trt8', throughputQps: null, latency: null, endToEnd: null, enqueue: null, h2d: null, d2h: null,
    gpuCompute: null, totalHostWalltimeS: null, totalGpuComputeS: null,
  };
  const keys: Record<string, 'latency' | 'endToEnd' | 'enqueue' | 'h2d' | 'd2h' | 'gpuCompute'> = {
    'Latency': 'latency', 'End-to-End Host Latency': 'endToEnd', 'Enqueue Time': 'enqueue',
    'H2D Latency': 'h2d', 'D2H Latency': 'd2h', 'GPU Compute Time': 'gpuCompute',
  };
  for (const line of lines.slice(start)) {
    let m: RegExpExecArray | null;
    if ((m = new RegExp(String.raw`^Throughput:\s*(${NUM})\s*qps`).exec(line))) {
      const q = Number(m[1]);
      s.throughputQps = q > 0 ? q : null;
    } else if ((m = /^([A-Za-z0-9 -]+?):\s*(min\b.*)$/.exec(line)) && keys[m[1]!]) {
      s[keys[m[1]!]!] = parseStatsLine(m[2]!);
    } else if ((m = new RegExp(String.raw`^Total Host Walltime:\s*(${NUM})\s*(ms|us|s)\b`).exec(line))) {
      s.totalHostWalltimeS = toMs(m[1]!, m[2]!) / 1000;
    } else if ((m = new RegExp(String.raw`^Total GPU Compute Time:\s*(${NUM})\s*(ms|us|s)\b`).exec(line))) {
      s.totalGpuComputeS = toMs(m[1]!, m[2]!) / 1000;
    }
  }
  return s.latency ? { ...s, latency: s.latency } : null;
}

type Trt7Block = { fields: Record<string, number>; percentiles: Record<string, number>; e2e: Record<string, number>; e2ePct: Record<string, number> };

function parseTrt7(lines: string[], start: number): Omit<TrtexecSummary, 'tensorrtVersion'> | null {
  const blocks: Record<string, Trt7Block> = {};
  let current: Trt7Block | null = null;
  let throughputQps: number | null = null;
  let walltimeS: number | null = null;
  let computeS: number | null = null;
  const stat = new RegExp(String.raw`^(min|max|mean|median):\s*(${NUM})\s*(ms|us|s)(?:\s*\(end to end\s*(${NUM})\s*(ms|us|s)\))?`);
  const pct = new RegExp(String.raw`^percentile:\s*(${NUM})\s*(ms|us|s)\s*at\s*(${NUM})%(?:\s*\(end to end\s*(${NUM})\s*(ms|us|s)\s*at\s*${NUM}%\))?`);
  for (const line of lines.slice(start)) {
    let m: RegExpExecArray | null;
    if (/^(Host Latency|Enqueue Time|GPU Compute)$/.test(line)) {
      current = { fields: {}, percentiles: {}, e2e: {}, e2ePct: {} };
      blocks[line] = current;
    } else if (current && (m = stat.exec(line))) {
      current.fields[m[1]!] = toMs(m[2]!, m[3]!);
      if (m[4] !== undefined) current.e2e[m[1]!] = toMs(m[4], m[5]!);
    } else if (current && (m = pct.exec(line))) {
      const p = String(Number(m[3]));
      current.percentiles[p] = toMs(m[1]!, m[2]!);
      if (m[4] !== undefined) current.e2ePct[p] = toMs(m[4], m[5]!);
    } else if ((m = new RegExp(String.raw`^throughput:\s*(${NUM})\s*qps`).exec(line))) {
      throughputQps = Number(m[1]) > 0 ? Number(m[1]) : null;
    } else if ((m = new RegExp(String.raw`^walltime:\s*(${NUM})\s*(ms|us|s)\b`).exec(line))) {
      walltimeS = toMs(m[1]!, m[2]!) / 1000;
    } else if ((m = new RegExp(String.raw`^total compute time:\s*(${NUM})\s*(ms|us|s)\b`).exec(line))) {
      computeS = toMs(m[1]!, m[2]!) / 1000;
    }
  }
  const host = blocks['Host Latency'];
  const latency = host ? finishStats(host.fields, host.percentiles) : null;
  if (!host || !latency) return null;
  const block = (name: string): TrtexecStats | null => {
    const b = blocks[name];
    return b ? finishStats(b.fields, b.percentiles) : null;
  };
  return {
    format: 'trt7', throughputQps, latency, endToEnd: finishStats(host.e2e, host.e2ePct),
    enqueue: block('Enqueue Time'), h2d: null, d2h: null, gpuCompute: block('GPU Compute'),
    totalHostWalltimeS: walltimeS, totalGpuComputeS: computeS,
  };
}

/** The TensorRT version trtexec names in its output (`[TensorRT v8601]`, `TensorRT version: 8.6.1`); null if none. */
export function parseTrtexecVersion(text: string): string | null {
  return tensorrtVersion(text.split('\n').map(stripPrefix));
}

/** The prolog trtexec 8+ prints before its summary: warm-up and timed query counts. */
function prolog(lines: string[]): Pick<TrtexecSummary, 'warmup' | 'timedQueries'> {
  const out: Pick<TrtexecSummary, 'warmup' | 'timedQueries'> = {};
  for (const line of lines) {
    let m: RegExpExecArray | null;
    if ((m = new RegExp(String.raw`^Warmup completed (\d+) queries over (${NUM}) ms`).exec(line))) out.warmup = { queries: Number(m[1]), ms: Number(m[2]) };
    else if ((m = /^Timing trace has (\d+) queries over/.exec(line))) out.timedQueries = Number(m[1]);
  }
  return out;
}

function tensorrtVersion(lines: string[]): string | null {
  for (const line of lines) {
    const named = /^TensorRT version:\s*([\d.]+)/.exec(line);
    if (named) return named[1]!;
    const coded = /\[TensorRT v(\d{4,6})\]/.exec(line);
    if (coded) return tensorRtVersionFromCode(coded[1]!);
  }
  return null;
}

/** Parses the last performance summary in trtexec's output. `where` names the board for errors. */
export function parseTrtexecOutput(text: string, where?: string): TrtexecSummary {
  const raw = text.split('\n');
  const lines = raw.map(stripPrefix);
  const failed = lines.find((l) => l.startsWith('&&&& FAILED'));
  if (failed) {
    const errors = raw.filter(isErrorLine).map(stripPrefix).slice(-3);
    throw new InfrastructureError('HIL_TRTEXEC_FAILED', `trtexec failed: ${[failed, ...errors].join(' | ')}`, { where });
  }
  const trt8At = lines.lastIndexOf('=== Performance summary ===');
  const trt7At = lines.lastIndexOf('Host Latency');
  const summary = trt8At >= trt7At && trt8At !== -1
    ? parseTrt8(lines, trt8At)
    : trt7At !== -1
      ? parseTrt7(lines, trt7At)
      : parseTrt8(lines, 0);
  if (!summary) {
    throw new InfrastructureError(
      'HIL_TRTEXEC_PARSE',
      'trtexec output has no performance summary with min/max/mean/median latency',
      { where, hint: 'run trtexec to completion; the summary is printed at the end of a timing run' },
    );
  }
  return { ...summary, ...prolog(lines), tensorrtVersion: tensorrtVersion(lines) };
}

/**
 * Per-query times from `trtexec --exportTimes=FILE` (a JSON array of objects with `latencyMs`
 * and `computeMs`): the samples a statistical regression test needs, which the summary lacks.
 * TensorRT 8.4 and older export the warm-up queries too; TensorRT 8.6+ leaves them out. Given
 * `warmUpMs`, entries whose compute started before it are dropped, the rule trtexec itself uses
 * for its summary, so both give the timed queries only.
 */
export function parseTrtexecTimes(
  json: string,
  where?: string,
  options: { warmUpMs?: number } = {},
): { latencyMs: number[]; computeMs: number[]; droppedWarmups: number } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new InfrastructureError('HIL_TRTEXEC_TIMES', 'trtexec --exportTimes output is not JSON', { where, cause: error });
  }
  if (!Array.isArray(data)) {
    throw new InfrastructureError('HIL_TRTEXEC_TIMES', 'trtexec --exportTimes output is not a JSON array', { where });
  }
  const latencyMs: number[] = [];
  const computeMs: number[] = [];
  let droppedWarmups = 0;
  for (const row of data as Array<Record<string, unknown>>) {
    if (options.warmUpMs !== undefined && typeof row?.startComputeMs === 'number' && row.startComputeMs < options.warmUpMs) {
      droppedWarmups += 1;
      continue;
    }
    if (typeof row?.latencyMs === 'number') latencyMs.push(row.latencyMs);
    if (typeof row?.computeMs === 'number') computeMs.push(row.computeMs);
  }
  return { latencyMs, computeMs, droppedWarmups };
}

export interface SelectedDevice {
  name: string;
  computeCapability: string | null;
}

/** trtexec's own account of the GPU it selected (TensorRT 7+ prints it under `=== Device Information ===`). */
export function selectedDevice(output: string): SelectedDevice | undefined {
  const name = /Selected Device:\s*(.+)$/m.exec(output)?.[1]?.trim();
  if (!name) return undefined;
  return { name, computeCapability: /Compute Capability:\s*(\d+\.\d+)/.exec(output)?.[1] ?? null };
}
