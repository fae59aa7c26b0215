/**
 * The live-camera (`stream`) scenario's job and result shapes. A camera thread replays raw frames
 * at a fixed rate into a shared ring; a consumer thread preprocesses, infers and decodes the
 * frame the policy hands it. All times are taken on the machine running the agent, on one
 * monotonic clock shared by every thread (process.hrtime), and reported in ms since the stream's
 * first scheduled capture.
 */

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

export type { StreamFrameRecord, GlassToGlassStats, StreamOutcome } from '../../results/stream-records.js';
import type { StreamOutcome } from '../../results/stream-records.js';

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
