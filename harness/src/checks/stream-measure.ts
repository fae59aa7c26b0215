import path from 'node:path';
import type { StreamOutcome } from '../engine/stream/stream-types.js';
import type { LoadedModelSpec } from '../config/load-manifest.js';
import type { CocoGroundTruth } from '../datasets/coco-ground-truth.js';
import { evaluateCoco } from '../metrics/coco-eval.js';
import type { ModelMeasurement, StreamMeasurementSummary } from '../results/check-result.js';
import type { LoadedDataset } from '../datasets/load-dataset.js';
import type { StreamRunParams } from '../sessions/device-session.js';
import { recordMeasurement, type MeasureContext } from './measure-model.js';
import { writeFileAtomic } from '../files/atomic-write.js';


export interface StreamMeasurementEntry extends Omit<StreamOutcome, 'detections' | 'frames'> {
  board: string;
  /** COCO stats on the processed frames only (null when none was processed). */
  map: number | null;
  map50: number | null;
  stats: number[] | null;
  /** Distinct sequence frames that were processed (the images mAP is taken over). */
  mapImages: number;
  detectionsFile: string;
  /** Glass-to-glass of each processed frame at its capture time, for the latency-over-time plot. */
  timeline: Array<{ tMs: number; latencyMs: number }>;
}

export interface StreamMeasurement {
  params: StreamRunParams;
  frameWidth: number;
  frameHeight: number;
  totalProcessedFps: number;
  streams: StreamMeasurementEntry[];
}

/** Ground truth of the processed frames only: mAP on what the detector actually saw. */
export function restrictGroundTruth(gt: CocoGroundTruth, imageIds: ReadonlySet<number>): CocoGroundTruth {
  return {
    images: gt.images.filter((i) => imageIds.has(i.id)),
    annotations: gt.annotations.filter((a) => imageIds.has(a.image_id)),
    categories: gt.categories,
  };
}

/** Runs the streams once per run (memoised on disk), scores each stream's processed frames. */
export function measureStream(ctx: MeasureContext, model: LoadedModelSpec, sequence: LoadedDataset, params: StreamRunParams): Promise<StreamMeasurement> {
  const key = `${ctx.device.deviceType}--${ctx.device.board}--${model.name}--stream-${params.policy}-${params.cameraFps}fps-x${params.streams}`;
  return ctx.store.getOrMeasure(key, async () => {
    const run = await ctx.device.runStream({ spec: model, filePath: model.filePath }, sequence, params, ctx.signal);
    const streams: StreamMeasurementEntry[] = [];
    for (const s of run.streams) {
      const { detections, frames, ...figures } = s;
      const ids = new Set(frames.map((f) => f.imageId));
      const scored = ids.size > 0 ? evaluateCoco(restrictGroundTruth(sequence.groundTruth, ids), detections) : null;
      const detectionsFile = path.join(ctx.runDir, 'detections', `${ctx.device.board}--${model.name}--stream-${s.stream}.json`);
      await writeFileAtomic(detectionsFile, JSON.stringify(detections));
      streams.push({
        ...figures,
        map: scored ? scored.stats[0]! : null,
        map50: scored ? scored.stats[1]! : null,
        stats: scored ? scored.stats : null,
        mapImages: ids.size,
        detectionsFile,
        timeline: frames.map((f) => ({ tMs: f.captureMs, latencyMs: f.resultMs - f.captureMs })),
      });
    }
    const measurement: StreamMeasurement = { params, frameWidth: run.frameWidth, frameHeight: run.frameHeight, totalProcessedFps: run.totalProcessedFps, streams };
    await recordStream(ctx, model, measurement);
    return measurement;
  });
}

/** Merges the stream figures into the model's measurement record (the file tables and --json read). */
async function recordStream(ctx: MeasureContext, model: LoadedModelSpec, m: StreamMeasurement): Promise<void> {
  const stream: StreamMeasurementSummary = {
    policy: m.params.policy,
    cameraFps: m.params.cameraFps,
    totalProcessedFps: m.totalProcessedFps,
    streams: m.streams.map((s) => ({
      stream: s.stream, board: s.board, produced: s.produced, processed: s.processed, dropped: s.dropped,
      processedFps: s.processedFps, glassToGlass: s.glassToGlass, map: s.map, map50: s.map50,
    })),
  };
  await recordMeasurement(ctx, model, { stream } as Partial<ModelMeasurement>);
}
