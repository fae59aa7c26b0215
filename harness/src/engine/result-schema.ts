/**
 * The agent's result, as a zod schema: what hil checks a board's result against before using any
 * of it (a malformed result is broken, naming the field). The TypeScript types the engine writes
 * (engine/job.ts) and this schema are held to each other by the compiler (the checks at the end):
 * a field added to one and not the other does not build. Host side only: the agent on a board
 * never loads zod.
 */
import { z } from 'zod';
import type { AgentResult, CompareResult, RunnerEnvironment, ScenarioResult } from './job.js';

const num = z.number();
const window = z.object({ startEpochMs: num, endEpochMs: num });
const latencyStats = z.object({ n: num, minMs: num, medianMs: num, meanMs: num, p90Ms: num, p99Ms: num, maxMs: num, fps: num, medianCi95Ms: z.tuple([num, num]), durationMs: num });
const detection = z.object({ image_id: num, category_id: num, bbox: z.tuple([num, num, num, num]), score: num });
const glassToGlass = z.object({ n: num, minMs: num, p50Ms: num, p90Ms: num, p99Ms: num, meanMs: num, maxMs: num });
const frame = z.object({ seq: num, imageId: num, captureMs: num, pickMs: num, preprocessedMs: num, inferredMs: num, resultMs: num });

const singleStream = z.object({
  scenario: z.literal('single-stream'),
  samplesMs: z.array(num),
  stats: latencyStats,
  warmup: num,
  sampleCount: num,
  stopReason: z.enum(['min-met', 'max-duration', 'max-queries']),
  minQueriesMet: z.boolean(),
  window,
});
const throughput = z.object({ scenario: z.literal('throughput'), batch: num, batchDynamic: z.boolean(), batches: num, images: num, durationMs: num, fps: num, batchStats: latencyStats, window });
const accuracy = z.object({ scenario: z.literal('accuracy'), images: num, detections: z.array(detection), inferenceMs: num, window });
const streamOutcome = z.object({
  stream: num,
  produced: num,
  processed: num,
  dropped: num,
  droppedAtCapture: num,
  processedFps: num,
  glassToGlass: glassToGlass.nullable(),
  serviceMeanMs: num.nullable(),
  captureLateMaxMs: num,
  frames: z.array(frame),
  droppedAtMs: z.array(num),
  detections: z.array(detection),
  durationMs: num,
});
const stream = z.object({
  scenario: z.literal('stream'),
  policy: z.enum(['latest', 'fifo']),
  cameraFps: num,
  slots: num,
  frameWidth: num,
  frameHeight: num,
  streams: z.array(streamOutcome),
  totalProcessedFps: num,
  window,
});
const compare = z.object({
  scenario: z.literal('compare'),
  blocks: z.array(z.object({ aMedianMs: num, bMedianMs: num, aFirst: z.boolean() })),
  samplesA: z.array(num),
  samplesB: z.array(num),
  window,
});

export const scenarioResultSchema = z.discriminatedUnion('scenario', [singleStream, throughput, accuracy, stream, compare]);

export const runnerEnvironmentSchema = z.object({
  hostname: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  cpuCount: num,
  node: z.string(),
  onnxruntime: z.string(),
  session: z.object({
    intraOpNumThreads: num,
    interOpNumThreads: num,
    executionMode: z.enum(['sequential', 'parallel']),
    graphOptimizationLevel: z.enum(['disabled', 'basic', 'extended', 'all']),
    executionProviders: z.array(z.string()),
    enableCpuMemArena: z.boolean(),
    enableMemPattern: z.boolean(),
  }),
  inputName: z.string(),
  modelInputShape: z.array(z.union([num, z.string()])),
  batchDynamic: z.boolean(),
});

const serializedError = z.object({
  family: z.enum(['verdict', 'infrastructure', 'config']),
  code: z.string(),
  message: z.string(),
  where: z.string().optional(),
  hint: z.string().optional(),
  issues: z.array(z.object({ file: z.string(), path: z.string(), message: z.string() })).optional(),
});

export const agentResultSchema = z.discriminatedUnion('ok', [
  z.object({ format: z.literal('hil-agent-result/1'), ok: z.literal(true), model: z.string(), environment: runnerEnvironmentSchema, scenarios: z.array(scenarioResultSchema) }),
  z.object({ format: z.literal('hil-agent-result/1'), ok: z.literal(false), error: serializedError }),
]);

/** `scenarios.0.samplesMs: expected array, received undefined` for the first problem of a result. */
export function resultProblem(value: unknown): string | null {
  const parsed = agentResultSchema.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.') || '(the result)'}: ${issue.message}`;
}

// The schema and the engine's types describe the same result: mutual assignability, checked by tsc.
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(): T => true as T;
agree<Mutual<z.infer<typeof scenarioResultSchema>, ScenarioResult>>();
agree<Mutual<z.infer<typeof compare>, CompareResult>>();
agree<Mutual<z.infer<typeof runnerEnvironmentSchema>, RunnerEnvironment>>();
agree<Mutual<z.infer<typeof agentResultSchema>, AgentResult>>();
