/**
 * What the stream coordinator and its camera / consumer worker threads exchange. Frames never
 * travel as messages: they live in SharedArrayBuffers (the frame store and each stream's ring);
 * messages only start the threads and carry their logs back at the end.
 */
import type { AgentModelSpec, SerializedError, SessionConfig } from '../job.js';
import type { CocoDetection } from '../../inference/model-spec.js';
import type { FrameRingBuffers } from './frame-ring.js';
import type { StreamFrameRecord, StreamPolicy } from './stream-types.js';

export const STREAM_WORKER_TAG = 'hil-stream-worker/1';

export interface ProducerData {
  tag: typeof STREAM_WORKER_TAG;
  role: 'producer';
  stream: number;
  ring: FrameRingBuffers;
  /** The frame store's pixels (shared, read-only here). */
  pixels: Uint8Array;
  /** Frames to capture, from the first. */
  count: number;
  cameraFps: number;
  policy: StreamPolicy;
}

export interface ConsumerData {
  tag: typeof STREAM_WORKER_TAG;
  role: 'consumer';
  stream: number;
  ring: FrameRingBuffers;
  modelPath: string;
  spec: AgentModelSpec;
  session: SessionConfig;
  policy: StreamPolicy;
  frameWidth: number;
  frameHeight: number;
  imageIds: number[];
  warmup: number;
  clip: boolean;
}

export type StreamWorkerData = ProducerData | ConsumerData;

/** Coordinator -> worker: the stream's time zero (first scheduled capture), on process.hrtime's clock. */
export interface StartMessage {
  type: 'start';
  t0Ns: bigint;
}

export interface ProducerLog {
  /** Capture stamp of every frame, ms since t0 (index = seq). */
  captureMs: number[];
  /** Seqs the camera could not store (no free buffer). */
  droppedAtCapture: number[];
  lateMaxMs: number;
}

export interface ConsumerLog {
  frames: StreamFrameRecord[];
  detections: CocoDetection[];
}

export type FromStreamWorker =
  | { type: 'ready' }
  | { type: 'producer-done'; log: ProducerLog }
  | { type: 'consumer-done'; log: ConsumerLog }
  | { type: 'error'; error: SerializedError };

export function isStreamWorkerData(data: unknown): data is StreamWorkerData {
  return typeof data === 'object' && data !== null && (data as { tag?: unknown }).tag === STREAM_WORKER_TAG;
}
