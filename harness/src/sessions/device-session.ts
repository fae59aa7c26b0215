import type { ModelSpec, CocoDetection } from '../inference/model-spec.js';
import type { PowerStats } from '../results/check-result.js';
import type { StreamOutcome, StreamPolicy } from '../engine/stream/stream-types.js';

/** A model as a session sees it: its manifest entry plus the absolute path of its ONNX file. */
export interface ResolvedModel {
  spec: ModelSpec;
  filePath: string;
}

export type { DatasetImages } from '../datasets/load-dataset.js';
import type { DatasetImages } from '../datasets/load-dataset.js';

export interface AccuracyRun {
  detections: CocoDetection[];
  images: number;
}

export interface LatencyRun {
  /** Per-inference times in ms, measured where the model runs (never across SSH). */
  samplesMs: number[];
  warmup: number;
  durationMs: number;
  /** Power over the measurement window, or null where the board has no readable source. */
  power: PowerStats | null;
  /** Why power is null (`not measured: tegrastats gave no power rails`). */
  powerNote?: string;
  /** Power samples on the runner's clock, with the measurement window, for the trace plot. */
  powerTrace?: PowerTrace;
  /** Set when the board throttled (heat, clocks): the figures are then invalid, not a regression. */
  invalid?: string;
  /** Board temperatures before and after the timed queries, °C. */
  temperaturesC?: { before: Record<string, number>; after: Record<string, number> };
}

/** How `--compare-to` times the old and new version: interleaved blocks after the same warm-up. */
export interface CompareRunParams {
  warmup: number;
  /** Block pairs. */
  blocks: number;
  blockQueries: number;
  /** Cores other processes may keep busy before the host counts as contended (local). */
  maxOtherCores?: number;
}

/** Old (A) and new (B) timed interleaved on one board, times measured there. */
export interface CompareRun {
  blocks: Array<{ aMedianMs: number; bMedianMs: number; aFirst: boolean }>;
  samplesA: number[];
  samplesB: number[];
  /** Set when the host was busy or the board throttled: the comparison decides nothing then. */
  invalid?: string;
}

export interface PowerTrace {
  samples: { tMs: number; watts: number }[];
  window: { startMs: number; endMs: number };
}

export interface ThroughputRun {
  batch: number;
  fps: number;
  n: number;
  durationMs: number;
}

export interface SingleStreamParams {
  warmup: number;
  minQueries: number;
  minDurationMs: number;
  maxDurationMs: number;
  /** Cores other processes may keep busy during the timed queries before the measurement is invalid. */
  maxOtherCores?: number;
}

export interface StreamRunParams {
  /** Rate the camera replays the sequence at. */
  cameraFps: number;
  policy: StreamPolicy;
  /** Streams at once (the demo wall): a farm session spreads them over the free boards of its type. */
  streams: number;
  /** Untimed inferences per consumer before the cameras start. */
  warmup: number;
  /** Replay only the first n frames. */
  maxFrames?: number;
  /** Ring buffers per stream (default: 3 for latest, every frame for fifo). */
  slots?: number;
}

/** A stream run: one outcome per stream, each with the board it ran on; times measured there. */
export interface StreamRun {
  policy: StreamPolicy;
  cameraFps: number;
  frameWidth: number;
  frameHeight: number;
  streams: Array<StreamOutcome & { board: string }>;
  /** Sum of the streams' processed FPS. */
  totalProcessedFps: number;
}

/**
 * A leased board, as the suites see it (labgrid's "protocol"): suites never know whether the
 * model runs in this process, in an agent on an emulated board or on a real Jetson over SSH.
 */
export interface DeviceSession {
  readonly deviceType: string;
  readonly board: string;
  readonly target: string;
  readonly runner: string;
  /** The board or the target is emulated (`hil emulate`, a fake trtexec): its figures are not real hardware's. */
  readonly emulated: boolean;
  /**
   * Measurements this session's runner cannot make, with the reason the report shows
   * (`stream: "not measured: trtexec runs an engine on files, ..."`). Absent = it makes them all.
   */
  readonly notMeasured?: Partial<Record<'accuracy' | 'stream' | 'throughput', string>>;
  /**
   * Set when this session's runner cannot run on the leased board at all (hil's agent on a board
   * whose glibc is too old for Node 20): every check of the session is skipped as unsupported on
   * the board, with this reason. Its measuring methods must not be called.
   */
  readonly unavailable?: string;
  /**
   * Why this target cannot run the model row at its precision (the GPU lacks it: an `@int8` row, or
   * an explicitly quantized model, on a GPU without INT8), or undefined when it can.
   */
  unsupportedModel?(model: ResolvedModel): Promise<string | undefined>;
  runAccuracy(model: ResolvedModel, dataset: DatasetImages, signal?: AbortSignal): Promise<AccuracyRun>;
  runSingleStream(model: ResolvedModel, dataset: DatasetImages, params: SingleStreamParams, signal?: AbortSignal): Promise<LatencyRun>;
  runThroughput(model: ResolvedModel, dataset: DatasetImages, params: { batch: number; minDurationMs: number }, signal?: AbortSignal): Promise<ThroughputRun>;
  /** The old and new version of a model, interleaved on this board (`--compare-to`). */
  runCompare(old: ResolvedModel, next: ResolvedModel, dataset: DatasetImages, params: CompareRunParams, signal?: AbortSignal): Promise<CompareRun>;
  /** Camera-rate frames through a ring buffer; glass-to-glass latency measured where the model runs. */
  runStream(model: ResolvedModel, sequence: DatasetImages, params: StreamRunParams, signal?: AbortSignal): Promise<StreamRun>;
  /** Facts recorded with every result: perf mode, clocks, OS, runner version, emulated or not. */
  provenance(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}
