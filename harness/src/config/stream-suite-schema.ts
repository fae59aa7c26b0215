import { z } from 'zod';

/**
 * The `stream:` section of a suite file (suites/stream.suite.yaml): how the camera replays the
 * suite's frame sequence (its `dataset`) and how the detector takes frames. Budgets for processed
 * FPS and glass-to-glass p99 live with the device type (streamFpsMin, streamP99MaxMs).
 */
export const streamSuiteSchema = z.strictObject({
  /**
   * Render the `dataset` folder with `hil golden generate --sequence` when it has no
   * annotations.json yet (a recorded sequence of your own needs no such entry).
   */
  sequence: z
    .strictObject({
      seed: z.number().int().min(0),
      frames: z.number().int().min(1).max(100_000),
      /** Frame size as WxH, e.g. 256x256. */
      size: z.string().regex(/^\d+x\d+$/, 'expected WxH, e.g. 256x256'),
    })
    .optional(),
  /** Camera rate the frames are replayed at. @default 30 */
  cameraFps: z.number().gt(0).max(10_000).default(30),
  /** `latest`: free-running ring, newest frame taken, stale ones overwritten; `fifo`: every frame, queued. @default latest */
  policy: z.enum(['latest', 'fifo']).default('latest'),
  /** Untimed inferences per consumer before the camera starts. @default 5 */
  warmup: z.number().int().min(0).default(5),
  /** Replay only the first n frames. */
  maxFrames: z.number().int().min(1).optional(),
  /** Ring buffers per stream. @default 3 for latest, every frame for fifo */
  slots: z.number().int().min(1).optional(),
  /** Streams at once (the demo wall); `hil run --streams N` overrides. @default 1 */
  streams: z.number().int().min(1).max(64).default(1),
  /** Latency-over-time plots attached per check, one per stream. @default 4 */
  timelines: z.number().int().min(0).max(64).default(4),
});

export type StreamSuiteData = z.infer<typeof streamSuiteSchema>;
