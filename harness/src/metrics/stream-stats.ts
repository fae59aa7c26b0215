/**
 * Figures of one stream from what its camera and consumer threads logged. Pure.
 * - glass-to-glass of a processed frame = result time - capture stamp (both on the board's
 *   monotonic clock); percentiles by nearest rank, as in latency-stats.ts;
 * - processed FPS = processed frames / (last result - first capture): the rate at which results
 *   reached the "screen" while the camera ran (and the queue drained, for fifo);
 * - dropped = captured - processed; every captured frame is either processed or dropped.
 */
import type { CocoDetection } from '../results/coco-detection.js';
import type { GlassToGlassStats, StreamFrameRecord, StreamOutcome } from '../results/stream-records.js';
import { nearestRank } from './latency-stats.js';

export interface CameraLog {
  /** Capture stamp of each frame (index = seq), ms since the stream's time zero. */
  captureMs: readonly number[];
  droppedAtCapture: readonly number[];
  lateMaxMs: number;
}

export interface DetectorLog {
  frames: readonly StreamFrameRecord[];
  detections: readonly CocoDetection[];
}

export function glassToGlassStats(latenciesMs: readonly number[]): GlassToGlassStats | null {
  if (latenciesMs.length === 0) return null;
  const sorted = Float64Array.from(latenciesMs).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    minMs: sorted[0]!,
    p50Ms: nearestRank(sorted, 50),
    p90Ms: nearestRank(sorted, 90),
    p99Ms: nearestRank(sorted, 99),
    meanMs: sum / sorted.length,
    maxMs: sorted[sorted.length - 1]!,
  };
}

export function summarizeStream(stream: number, camera: CameraLog, detector: DetectorLog): StreamOutcome {
  const frames = [...detector.frames];
  const processedSeqs = new Set(frames.map((f) => f.seq));
  const produced = camera.captureMs.length;
  const droppedAtMs: number[] = [];
  camera.captureMs.forEach((t, seq) => {
    if (!processedSeqs.has(seq)) droppedAtMs.push(t);
  });
  const first = camera.captureMs[0];
  const last = frames.at(-1)?.resultMs;
  const durationMs = first !== undefined && last !== undefined ? last - first : 0;
  const service = frames.map((f) => f.resultMs - f.pickMs);
  return {
    stream,
    produced,
    processed: frames.length,
    dropped: produced - frames.length,
    droppedAtCapture: camera.droppedAtCapture.length,
    processedFps: durationMs > 0 ? (frames.length * 1000) / durationMs : 0,
    glassToGlass: glassToGlassStats(frames.map((f) => f.resultMs - f.captureMs)),
    serviceMeanMs: service.length > 0 ? service.reduce((a, b) => a + b, 0) / service.length : null,
    captureLateMaxMs: camera.lateMaxMs,
    frames,
    droppedAtMs,
    detections: [...detector.detections],
    durationMs,
  };
}
