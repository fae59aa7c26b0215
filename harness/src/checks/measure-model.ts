import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { evaluateCoco } from '../metrics/coco-eval.js';
import { computeLatencyStats } from '../metrics/latency-stats.js';
import type { LoadedModelSpec } from '../config/load-manifest.js';
import type { ModelMeasurement, PowerStats, LatencyStats } from '../results/check-result.js';
import type { DeviceSession, PowerTrace } from '../sessions/device-session.js';
import type { LoadedDataset } from '../datasets/load-dataset.js';
import { MeasurementStore } from './measurement-store.js';

import type { ResolvedHilConfig } from '../config/define-config.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { safeFileName } from '../files/safe-name.js';

export interface AccuracyMeasurement {
  map: number;
  map50: number;
  map75: number;
  stats: number[];
  images: number;
  perCategory: { categoryId: number; name: string | undefined; ap: number | null; ap50: number | null }[];
  detectionsFile: string;
}

export interface LatencyMeasurement {
  stats: LatencyStats;
  samplesMs: number[];
  power: PowerStats | null;
  powerTrace?: PowerTrace;
  /** Why power is null. */
  powerNote?: string;
  /** Why the measurement cannot be trusted (the board throttled), if it still cannot after re-measuring. */
  invalid?: string;
  /** Measurements taken: 1, or more when invalid ones were taken again. */
  attempts: number;
  /** Why each earlier attempt was invalid. */
  invalidReasons: string[];
}

export interface ThroughputMeasurement {
  batch: number;
  fps: number;
  n: number;
}

export interface MeasureContext {
  device: DeviceSession;
  store: MeasurementStore;
  runDir: string;
  config: ResolvedHilConfig;
  signal?: AbortSignal;
}

// The target is part of every key: one board measures a model on its CPU and on its GPU.
export const measurementKey = (device: DeviceSession, model: string, scenario: string) => `${device.deviceType}--${device.board}--${device.target}--${model}--${scenario}`;

/**
 * Every golden image once, detections in COCO results format, mAP by hil's pycocotools-exact
 * evaluator. `version` (`old`, with --compare-to) keeps another version of the same model apart:
 * its own memo key and detections file, and it does not become the model's measurement record.
 */
export function measureAccuracy(ctx: MeasureContext, model: LoadedModelSpec, dataset: LoadedDataset, version?: { label: string; sha256: string }): Promise<AccuracyMeasurement> {
  const tag = version ? `${model.name}@${version.label}-${version.sha256.slice(0, 12)}` : model.name;
  return ctx.store.getOrMeasure(measurementKey(ctx.device, tag, 'accuracy'), async () => {
    const run = await ctx.device.runAccuracy({ spec: model, filePath: model.filePath }, dataset, ctx.signal);
    const detectionsFile = path.join(ctx.runDir, 'detections', `${safeFileName(`${ctx.device.board}--${ctx.device.target}--${tag}`)}.json`);
    await writeFileAtomic(detectionsFile, JSON.stringify(run.detections));
    const result = evaluateCoco(dataset.groundTruth, run.detections);
    const measurement: AccuracyMeasurement = {
      map: result.stats[0]!,
      map50: result.stats[1]!,
      map75: result.stats[2]!,
      stats: result.stats,
      images: run.images,
      perCategory: result.perCategory.map((c) => ({ categoryId: c.categoryId, name: c.name, ap: c.ap, ap50: c.ap50 })),
      detectionsFile,
    };
    if (!version) await recordMeasurement(ctx, model, { accuracy: { map: measurement.map, map50: measurement.map50, map75: measurement.map75, stats: measurement.stats, images: measurement.images } });
    return measurement;
  });
}

/**
 * Single-stream latency on the board, with power sampled over the same window. A measurement that
 * is invalid (host busy, board throttled) is taken again, up to `singleStream.remeasure` more
 * times: a passing load spike must not leave a required check undecided.
 */
export function measureLatency(ctx: MeasureContext, model: LoadedModelSpec, dataset: LoadedDataset): Promise<LatencyMeasurement> {
  return ctx.store.getOrMeasure(measurementKey(ctx.device, model.name, 'single-stream'), async () => {
    const invalidReasons: string[] = [];
    let run = await ctx.device.runSingleStream({ spec: model, filePath: model.filePath }, dataset, ctx.config.singleStream, ctx.signal);
    while (run.invalid && invalidReasons.length < ctx.config.singleStream.remeasure) {
      invalidReasons.push(run.invalid);
      run = await ctx.device.runSingleStream({ spec: model, filePath: model.filePath }, dataset, ctx.config.singleStream, ctx.signal);
    }
    const attempts = invalidReasons.length + 1;
    const stats = computeLatencyStats(run.samplesMs);
    await recordMeasurement(ctx, model, {
      latency: { ...stats, samplesMs: run.samplesMs },
      power: run.power,
      ...(run.powerNote ? { powerNote: run.powerNote } : {}),
      ...(run.invalid || run.temperaturesC || attempts > 1 ? { validity: { invalid: run.invalid ?? null, attempts, earlierInvalid: invalidReasons, temperaturesC: run.temperaturesC ?? null } } : {}),
    } as Partial<ModelMeasurement>);
    return {
      stats,
      samplesMs: run.samplesMs,
      power: run.power,
      ...(run.powerNote ? { powerNote: run.powerNote } : {}),
      ...(run.powerTrace ? { powerTrace: run.powerTrace } : {}),
      ...(run.invalid ? { invalid: run.invalid } : {}),
      attempts,
      invalidReasons,
    };
  });
}

export function measureThroughput(ctx: MeasureContext, model: LoadedModelSpec, dataset: LoadedDataset): Promise<ThroughputMeasurement> {
  return ctx.store.getOrMeasure(measurementKey(ctx.device, model.name, 'throughput'), async () => {
    const run = await ctx.device.runThroughput({ spec: model, filePath: model.filePath }, dataset, ctx.config.throughput, ctx.signal);
    await recordMeasurement(ctx, model, { throughput: { batch: run.batch, fps: run.fps, n: run.n } });
    return { batch: run.batch, fps: run.fps, n: run.n };
  });
}

/** The model's measurement record on this device and target: the file every table and `--json` reads. */
function measurementFile(ctx: MeasureContext, model: LoadedModelSpec): string {
  return path.join(ctx.runDir, 'measurements', `${safeFileName(`${ctx.device.deviceType}--${ctx.device.board}--${ctx.device.target}--${model.name}`)}.json`);
}

export async function readMeasurement(ctx: MeasureContext, model: LoadedModelSpec): Promise<ModelMeasurement | undefined> {
  return readFile(measurementFile(ctx, model), 'utf8').then((t) => JSON.parse(t) as ModelMeasurement, () => undefined);
}

/**
 * Merges a scenario's figures into the model's measurement record. One worker per device writes a
 * device's records, so read-merge-write is safe.
 */
export async function recordMeasurement(ctx: MeasureContext, model: LoadedModelSpec, part: Partial<ModelMeasurement>): Promise<void> {
  const previous = await readMeasurement(ctx, model);
  const base: ModelMeasurement = previous ?? {
    model: model.name,
    variant: model.variant,
    device: ctx.device.deviceType,
    board: ctx.device.board,
    target: ctx.device.target,
    runner: ctx.device.runner,
    emulated: ctx.device.emulated,
    power: null,
    provenance: { ...(await ctx.device.provenance()), modelSha256: model.sha256, modelFile: path.relative(ctx.config.rootDir, model.filePath) },
  };
  await writeFileAtomic(measurementFile(ctx, model), JSON.stringify({ ...base, ...part }, null, 2));
}
