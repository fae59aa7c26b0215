import type { ModelSpec, CocoDetection } from '../inference/model-spec.js';
import type { PowerStats } from '../results/check-result.js';

/** A model as a session sees it: its manifest entry plus the absolute path of its ONNX file. */
export interface ResolvedModel {
  spec: ModelSpec;
  filePath: string;
}

/** Golden images in COCO form, resolved to absolute paths. */
export interface DatasetImages {
  name: string;
  annotationsPath: string;
  images: { id: number; path: string; width: number; height: number }[];
}

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
  /** Power samples on the runner's clock, with the measurement window, for the trace plot. */
  powerTrace?: PowerTrace;
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
  runAccuracy(model: ResolvedModel, dataset: DatasetImages, signal?: AbortSignal): Promise<AccuracyRun>;
  runSingleStream(model: ResolvedModel, dataset: DatasetImages, params: SingleStreamParams, signal?: AbortSignal): Promise<LatencyRun>;
  runThroughput(model: ResolvedModel, dataset: DatasetImages, params: { batch: number; minDurationMs: number }, signal?: AbortSignal): Promise<ThroughputRun>;
  /** Facts recorded with every result: perf mode, clocks, OS, runner version, emulated or not. */
  provenance(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}
