/**
 * The on-board agent's contract: a JSON job in, a JSON result out. The same shapes travel between
 * the main thread and the runner's worker, and over SSH to a board (`node agent-main.js job.json`).
 * The measurement loop always runs where the model runs: times are taken next to session.run,
 * never across a thread, process or network boundary.
 */
import type { CocoDetection, ModelSpec } from '../inference/model-spec.js';
import type { LatencyStats } from '../results/check-result.js';
import type { StreamParams, StreamResult } from './stream/stream-types.js';

export type { StreamParams, StreamResult, StreamOutcome, StreamFrameRecord, StreamPolicy, GlassToGlassStats } from './stream/stream-types.js';

export const JOB_FORMAT = 'hil-agent-job/1';
export const RESULT_FORMAT = 'hil-agent-result/1';

/** onnxruntime session options hil sets explicitly (recorded in every result). */
export interface SessionConfig {
  /** Threads inside one operator; 0 = onnxruntime's default (one per physical core). @default 1 (reproducible latency) */
  intraOpNumThreads?: number;
  /** Threads across operators (only used by executionMode 'parallel'). @default 1 */
  interOpNumThreads?: number;
  /** @default 'sequential' */
  executionMode?: 'sequential' | 'parallel';
  /** @default 'all' */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** @default ['cpu'] (the npm build has no GPU provider on arm64; see PITFALLS) */
  executionProviders?: string[];
  /** @default true */
  enableCpuMemArena?: boolean;
  /** @default true */
  enableMemPattern?: boolean;
}

/** The part of a ModelSpec the agent needs (input layout and output decoding). */
export type AgentModelSpec = Pick<ModelSpec, 'name' | 'input' | 'output' | 'nms' | 'priors'>;

export interface SingleStreamParams {
  scenario: 'single-stream';
  /** Untimed queries first. @default 10 */
  warmup?: number;
  /** MLPerf LoadGen: >= 64 queries for p90, >= 662 for p99. @default 662 */
  minQueries?: number;
  /** @default 10000 */
  minDurationMs?: number;
  /** Stops even if minQueries is not reached (the result says so). @default 120000 */
  maxDurationMs?: number;
  /** Optional hard cap on timed queries. */
  maxQueries?: number;
  /** Distinct images cycled through, loaded before timing (LoadGen's performance sample count). @default 256 */
  sampleCount?: number;
}

export interface ThroughputParams {
  scenario: 'throughput';
  /** Images per inference; only used when the model's batch dimension is dynamic. @default 8 */
  batchSize?: number;
  /** Untimed batches first. @default 3 */
  warmup?: number;
  /** @default 64 */
  minImages?: number;
  /** @default 5000 */
  minDurationMs?: number;
  /** @default 60000 */
  maxDurationMs?: number;
  /** @default 256 */
  sampleCount?: number;
}

export interface AccuracyParams {
  scenario: 'accuracy';
  /** Clip boxes to the image. @default false */
  clip?: boolean;
}

/**
 * Two versions of a model timed interleaved on the same machine (`hil run --compare-to`): the
 * job's model is the old one (A), `other` the new one (B). After the same warm-up, blocks of
 * queries alternate A B B A A B ..., so drift and a neighbour's load hit both alike.
 */
export interface CompareParams {
  scenario: 'compare';
  other: {
    /** ONNX file of the new version (on a board: rewritten to its cached copy). */
    modelPath: string;
    spec: AgentModelSpec;
    /** Its prepared tensors, when its input differs from the old version's; else the job's. */
    tensors?: string;
  };
  /** Untimed queries of each version first. @default 20 */
  warmup?: number;
  /** Block pairs (one block of each version). @default 30 */
  blocks?: number;
  /** Queries per block. @default 40 */
  blockQueries?: number;
  /** @default 64 */
  sampleCount?: number;
}

export type ScenarioParams = SingleStreamParams | ThroughputParams | AccuracyParams | StreamParams | CompareParams;

/** Wall-clock window of a timed phase (epoch ms), for selecting power samples strictly inside it. */
export interface TimeWindow {
  startEpochMs: number;
  endEpochMs: number;
}

export interface SingleStreamResult {
  scenario: 'single-stream';
  samplesMs: number[];
  stats: LatencyStats;
  warmup: number;
  sampleCount: number;
  /** `min-met`: both minimums held; `max-duration` / `max-queries`: a cap stopped it first. */
  stopReason: 'min-met' | 'max-duration' | 'max-queries';
  minQueriesMet: boolean;
  window: TimeWindow;
}

export interface ThroughputResult {
  scenario: 'throughput';
  /** Batch actually used (1 when the model's batch dimension is fixed). */
  batch: number;
  batchDynamic: boolean;
  batches: number;
  images: number;
  durationMs: number;
  /** images / second over the timed window. */
  fps: number;
  /** Per-batch latency; its `fps` is images/s at the mean batch latency (batch x 1000 / mean). */
  batchStats: LatencyStats;
  window: TimeWindow;
}

export interface AccuracyResult {
  scenario: 'accuracy';
  images: number;
  detections: CocoDetection[];
  /** Sum of session.run times (decoding excluded). */
  inferenceMs: number;
  window: TimeWindow;
}

export interface CompareResult {
  scenario: 'compare';
  /** Per block pair: the median query time of each version, and which ran first. */
  blocks: Array<{ aMedianMs: number; bMedianMs: number; aFirst: boolean }>;
  /** Every timed query of each version, ms. */
  samplesA: number[];
  samplesB: number[];
  window: TimeWindow;
}

export type ScenarioResult = SingleStreamResult | ThroughputResult | AccuracyResult | StreamResult | CompareResult;

export interface AgentJob {
  format: typeof JOB_FORMAT;
  /** ONNX file, absolute or relative to the job file. */
  modelPath: string;
  spec: AgentModelSpec;
  session?: SessionConfig;
  /** Prepared tensors header (`<key>.json` beside `<key>.f32`), relative to the job file... */
  tensors?: string;
  /** ...or images to preprocess on the agent (needs sharp there). Neither when every scenario is `stream` (frames come with its params). */
  images?: Array<{ id: number; path: string }>;
  scenarios: ScenarioParams[];
}

export interface RunnerEnvironment {
  hostname: string;
  platform: string;
  arch: string;
  cpuModel: string;
  cpuCount: number;
  node: string;
  onnxruntime: string;
  /** Session options as applied, defaults filled in. */
  session: Required<SessionConfig>;
  inputName: string;
  /** Input shape the model declares (symbolic dims as strings). */
  modelInputShape: Array<number | string>;
  batchDynamic: boolean;
}

export interface SerializedError {
  family: 'verdict' | 'infrastructure' | 'config';
  code: string;
  message: string;
  where?: string;
  hint?: string;
  /** For bad job files: every problem, `file: path: message`. */
  issues?: Array<{ file: string; path: string; message: string }>;
}

export type AgentResult =
  | { format: typeof RESULT_FORMAT; ok: true; model: string; environment: RunnerEnvironment; scenarios: ScenarioResult[] }
  | { format: typeof RESULT_FORMAT; ok: false; error: SerializedError };
