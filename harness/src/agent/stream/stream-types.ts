/**
 * The live-camera (`stream`) scenario's job and result shapes. A camera thread replays raw frames
 * at a fixed rate into a shared ring; a consumer thread preprocesses, infers and decodes the
 * frame the policy hands it. All times are taken on the machine running the agent, on one
 * monotonic clock shared by every thread (process.hrtime), and reported in ms since the stream's
 * first scheduled capture.
 */
import type { CocoDetection } from '../../inference/model-spec.js';

export type StreamPolicy = 'latest' | 'fifo';

export const STREAM_DEFAULTS = {
  cameraFps: 30,
  policy: 'latest' as StreamPolicy,
  /** latest: one slot written, one newest ready, one being read (triple buffering). */
  latestSlots: 3,
  warmup: 5,
  streams: 1,
} as const;

export interface StreamParams {
  scenario: 'stream';
  /** Raw frame file (`hil-frames/1`, see frame-file.ts); in a job file, relative to the job. */
  frames: string;
  /** Camera rate the frames are replayed at. @default 30 */
  cameraFps?: number;
  /** `latest`: the consumer always takes the newest frame, stale ones are overwritten; `fifo`: every frame, in order. @default 'latest' */
  policy?: StreamPolicy;
  /**
   * Frame buffers in the ring. @default 3 for latest; for fifo, every frame of the run (so the
   * camera never finds the queue full: nothing is dropped). A full fifo drops the new frame at
   * capture, as a camera driver with no free buffer does.
   */
  slots?: number;
  /** Replay only the first n frames of the file. @default all */
  maxFrames?: number;
  /** Untimed inferences per consumer before the camera starts. @default 5 */
  warmup?: number;
  /** Independent streams at once on this machine, each with its own camera thread, consumer thread and session. @default 1 */
  streams?: number;
  /** Clip boxes to the frame. @default false */
  clip?: boolean;
}

/** One processed frame; times in ms since the stream's first scheduled capture. */
export interface StreamFrameRecord {
  /** Capture index (0-based) of the frame in this stream. */
  seq: number;
  /** COCO image id of the frame in the sequence. */
  imageId: number;
  /** When the camera thread wrote the frame (the capture stamp). */
  captureMs: number;
  /** When the consumer took it from the ring. */
  pickMs: number;
  /** When its input tensor was ready (preprocessing done, ring slot released). */
  preprocessedMs: number;
  /** When session.run returned. */
  inferredMs: number;
  /** When its detections were decoded: the result. Glass-to-glass = resultMs - captureMs. */
  resultMs: number;
}

export interface GlassToGlassStats {
  n: number;
  minMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
}

export interface StreamOutcome {
  stream: number;
  /** Frames the camera captured. */
  produced: number;
  processed: number;
  /** produced - processed: overwritten in the ring (latest) or refused by a full queue (fifo). */
  dropped: number;
  /** Of those, frames the camera could not store at all (no free buffer). */
  droppedAtCapture: number;
  /** processed / (last result - first capture), frames per second. */
  processedFps: number;
  /** null when nothing was processed. */
  glassToGlass: GlassToGlassStats | null;
  /** Mean time per frame inside the consumer (pick to result), ms; null when nothing was processed. */
  serviceMeanMs: number | null;
  /** Largest delay of a capture behind its schedule (a loaded machine shows here), ms. */
  captureLateMaxMs: number;
  frames: StreamFrameRecord[];
  /** Capture times (ms) of the frames never processed. */
  droppedAtMs: number[];
  detections: CocoDetection[];
  /** Time from the first capture to the last result, ms. */
  durationMs: number;
}

export interface StreamResult {
  scenario: 'stream';
  policy: StreamPolicy;
  cameraFps: number;
  slots: number;
  frameWidth: number;
  frameHeight: number;
  streams: StreamOutcome[];
  /** Sum of the streams' processed FPS (the demo wall's total). */
  totalProcessedFps: number;
  window: { startEpochMs: number; endEpochMs: number };
}
