/** What one live-camera stream recorded: per-frame times, glass-to-glass statistics, its outcome. */
import type { CocoDetection } from './coco-detection.js';

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

