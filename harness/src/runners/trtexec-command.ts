/**
 * The trtexec command lines hil sends, per TensorRT version. Pure.
 *
 * Flags used (all present in TensorRT 7, 8.x and 10): `--onnx`, `--saveEngine`, `--loadEngine`,
 * `--fp16`, `--shapes` (dynamic inputs only: a static model given shapes is an error), `--device`,
 * `--warmUp` (ms), `--duration` (whole seconds), `--iterations` (minimum queries), `--avgRuns`,
 * `--exportTimes`. TensorRT 7 needs `--explicitBatch` for ONNX; 10 removed the flag.
 * The engine build is a one-query run rather than `--buildOnly` (8.x) / `--skipInference` (10),
 * so one command line works on every version.
 */
import { createHash } from 'node:crypto';
import type { InputSpec } from '../inference/model-spec.js';

import type { Precision } from '../results/precision.js';

/** What an engine computes in: TensorRT builder flags `--fp16` / `--int8` (FP32 is always allowed). */
export type { Precision };

export interface EngineSettings {
  modelSha256: string;
  precision: Precision;
  /** sha256 of the INT8 calibration cache built in, or null (FP32, FP16, or an explicitly quantized model). */
  calibSha256: string | null;
  /** `name:1x3x300x300` for a dynamic input, null for a static one. */
  shapes: string | null;
  gpuId: number | undefined;
  /** Identity of the trtexec binary (size and mtime): an engine is only valid for the TensorRT that built it. */
  toolId: string;
}

/** TensorRT major version, or null when trtexec did not say (TensorRT 7 does not). */
export function tensorrtMajor(version: string | null): number | null {
  const major = version === null ? NaN : Number(version.split('.')[0]);
  return Number.isInteger(major) ? major : null;
}

/** `--shapes` value for a model whose input has dynamic dimensions (batch → `batch`, others must be fixed). */
export function shapesFor(input: Pick<InputSpec, 'name' | 'shape'>, batch = 1): string | null {
  if (!input.shape.some((d) => d < 0)) return null;
  const dims = input.shape.map((d, i) => (d >= 0 ? d : i === 0 ? batch : 1));
  return `${input.name}:${dims.join('x')}`;
}

/** Engine file name on the board: one engine per model, precision, shape, GPU and TensorRT build. */
export function engineKey(settings: EngineSettings): string {
  const text = JSON.stringify([settings.modelSha256, settings.precision, settings.calibSha256, settings.shapes, settings.gpuId ?? null, settings.toolId]);
  return `${settings.modelSha256.slice(0, 16)}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

function common(settings: Pick<EngineSettings, 'shapes' | 'gpuId'>): string[] {
  return [...(settings.shapes ? [`--shapes=${settings.shapes}`] : []), ...(settings.gpuId !== undefined ? [`--device=${settings.gpuId}`] : [])];
}

/** Builds and saves an engine from the ONNX file (one throwaway query proves it runs). */
export function buildArgs(settings: EngineSettings & { onnx: string; saveEngine: string; version: string | null; calib?: string }): string[] {
  const major = tensorrtMajor(settings.version);
  return [
    `--onnx=${settings.onnx}`,
    `--saveEngine=${settings.saveEngine}`,
    ...(major === null || major < 8 ? ['--explicitBatch'] : []),
    ...(settings.precision === 'fp16' ? ['--fp16'] : settings.precision === 'int8' ? ['--int8', ...(settings.calib ? [`--calib=${settings.calib}`] : [])] : []),
    ...common(settings),
    '--warmUp=0',
    '--duration=0',
    '--iterations=1',
  ];
}

export interface TimingParams {
  /** Warm-up before timing, ms (trtexec's unit; its default is 200). */
  warmUpMs: number;
  /** Minimum timed duration, whole seconds. */
  durationS: number;
  /** Minimum timed queries. */
  iterations: number;
  /** Queries per line of trtexec's trace averages. @default 10 */
  avgRuns?: number;
}

/** Times a saved engine; per-query times go to `exportTimes`. */
export function timingArgs(settings: Pick<EngineSettings, 'shapes' | 'gpuId'> & { engine: string; exportTimes: string }, params: TimingParams): string[] {
  const iterations = Math.max(1, Math.round(params.iterations));
  return [
    `--loadEngine=${settings.engine}`,
    ...common(settings),
    `--warmUp=${Math.max(0, Math.round(params.warmUpMs))}`,
    `--duration=${Math.max(0, Math.ceil(params.durationS))}`,
    `--iterations=${iterations}`,
    `--avgRuns=${Math.max(1, Math.min(params.avgRuns ?? 10, iterations))}`,
    `--exportTimes=${settings.exportTimes}`,
  ];
}

/**
 * trtexec's single-stream limits for hil's: it runs until BOTH `--duration` and `--iterations`
 * hold and has no cap of its own, so a slow model with a large minQueries would run far past
 * maxDurationMs. Given the engine's query time (from a short calibration run), the query count is
 * capped to what fits in maxDurationMs after the warm-up, as hil's agent stops at maxDurationMs.
 */
export function singleStreamTiming(
  params: { minQueries: number; minDurationMs: number; maxDurationMs: number },
  warmUpMs: number,
  queryMs: number,
): TimingParams & { capped: boolean } {
  const budgetMs = Math.max(0, params.maxDurationMs - warmUpMs);
  const fit = queryMs > 0 ? Math.max(1, Math.floor(budgetMs / queryMs)) : params.minQueries;
  const iterations = Math.min(params.minQueries, fit);
  // --duration is whole seconds: never round it up past the cap.
  const durationS = Math.min(Math.ceil(params.minDurationMs / 1000), Math.floor(budgetMs / 1000));
  return { warmUpMs, durationS: Math.max(0, durationS), iterations, capped: iterations < params.minQueries || durationS * 1000 < params.minDurationMs };
}


/**
 * One inference of a saved engine on the inputs of `--loadInputs`, its outputs written by
 * `--exportOutput` (added per batch by the caller): no warm-up, no timing loop.
 */
export function inferenceArgs(settings: Pick<EngineSettings, 'shapes' | 'gpuId'> & { engine: string }): string[] {
  return [`--loadEngine=${settings.engine}`, ...common(settings), '--warmUp=0', '--duration=0', '--iterations=1', '--avgRuns=1'];
}
