/**
 * The stream scenario's coordinator: loads the frames into shared memory, starts one camera
 * thread and one consumer thread (with its own onnxruntime session) per stream, warms every
 * consumer up, starts all cameras on one time zero, and assembles what the threads logged.
 * It only waits on messages: all timing happens inside the threads, on one monotonic clock.
 * Runs where the model runs: in hil's process for `local`, in agent-main.js on a board.
 */
import { Worker } from 'node:worker_threads';
import { ConfigError, InfrastructureError } from '../../errors.js';
import { summarizeStream } from '../../metrics/stream-stats.js';
import { epochMs, nowNs, type LoopHooks } from '../clock.js';
import type { AgentModelSpec, SessionConfig } from '../job.js';
import { deserializeError } from '../serialize-error.js';
import { readFrameFile, frameBytes } from './frame-file.js';
import { FrameRing } from './frame-ring.js';
import { STREAM_WORKER_TAG, type ConsumerLog, type FromStreamWorker, type ProducerLog, type StartMessage, type StreamWorkerData } from './stream-protocol.js';
import { STREAM_DEFAULTS, type StreamParams, type StreamResult } from './stream-types.js';
import { streamWorkerPath } from './stream-worker.js';

/** Lead between "start" and the first capture, so every thread has its message before t0. */
const START_LEAD_NS = 50_000_000n;

export interface StreamModel {
  modelPath: string;
  spec: AgentModelSpec;
  session?: SessionConfig;
}

export async function runStreamScenario(model: StreamModel, params: StreamParams, hooks: LoopHooks = {}): Promise<StreamResult> {
  const checked = checkParams(params);
  const store = await readFrameFile(params.frames);
  const count = Math.min(params.maxFrames ?? store.count, store.count);
  const slots = params.slots ?? (checked.policy === 'latest' ? STREAM_DEFAULTS.latestSlots : count);
  const path = streamWorkerPath();
  const workers: StreamThread[] = [];
  const rings: FrameRing[] = [];
  const stopAll = (): void => rings.forEach((r) => r.stop());
  const onAbort = (): void => stopAll();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (let s = 0; s < checked.streams; s += 1) {
      const ring = FrameRing.create(slots, frameBytes(store));
      rings.push(ring);
      const common = { tag: STREAM_WORKER_TAG, stream: s, ring: ring.buffers, policy: checked.policy } as const;
      workers.push(
        new StreamThread(path, { ...common, role: 'consumer', modelPath: model.modelPath, spec: model.spec, session: model.session ?? {}, frameWidth: store.width, frameHeight: store.height, imageIds: store.imageIds, warmup: checked.warmup, clip: params.clip ?? false }, stopAll),
        new StreamThread(path, { ...common, role: 'producer', pixels: store.pixels, count, cameraFps: checked.cameraFps }, stopAll),
      );
    }
    // Warm-up (session creation and untimed inferences) happens before the cameras start.
    await Promise.all(workers.map((w) => w.ready));
    hooks.signal?.throwIfAborted();
    const startEpoch = epochMs();
    const t0Ns = nowNs() + START_LEAD_NS;
    for (const w of workers) w.start(t0Ns);
    // Progress once a second (frames captured so far), e.g. streamed over SSH by agent-main.
    const progress = hooks.onProgress;
    const timer = progress
      ? setInterval(() => {
          const done = rings.reduce((sum, r) => sum + Math.min(count, r.publishedCount()), 0);
          progress({ phase: 'stream', done, target: count * rings.length, elapsedMs: Number(nowNs() - t0Ns) / 1e6 });
        }, 1000)
      : undefined;
    const logs = await Promise.all(workers.map((w) => w.done)).finally(() => clearInterval(timer));
    hooks.signal?.throwIfAborted();
    const streams = rings.map((_, s) => {
      const consumer = logs[2 * s] as ConsumerLog;
      const producer = logs[2 * s + 1] as ProducerLog;
      return summarizeStream(s, producer, consumer);
    });
    const end = Math.max(0, ...streams.map((o) => o.frames.at(-1)?.resultMs ?? 0));
    return {
      scenario: 'stream',
      policy: checked.policy,
      cameraFps: checked.cameraFps,
      slots,
      frameWidth: store.width,
      frameHeight: store.height,
      streams,
      totalProcessedFps: streams.reduce((sum, o) => sum + o.processedFps, 0),
      window: { startEpochMs: startEpoch + Number(START_LEAD_NS) / 1e6, endEpochMs: startEpoch + Number(START_LEAD_NS) / 1e6 + end },
    };
  } catch (error) {
    stopAll();
    // Threads still waiting for their start get it now, see the stop flag and end; a consumer is
    // never terminated (terminating a thread inside session.run aborts the whole process).
    for (const w of workers) w.start(nowNs());
    await Promise.all(workers.map((w) => w.exited));
    throw hooks.signal?.aborted ? hooks.signal.reason : error;
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
  }
}

function checkParams(p: StreamParams): { cameraFps: number; policy: 'latest' | 'fifo'; streams: number; warmup: number } {
  const cameraFps = p.cameraFps ?? STREAM_DEFAULTS.cameraFps;
  const policy = p.policy ?? STREAM_DEFAULTS.policy;
  const streams = p.streams ?? STREAM_DEFAULTS.streams;
  const warmup = p.warmup ?? STREAM_DEFAULTS.warmup;
  const bad = (field: string, message: string) => new ConfigError('HIL_STREAM_PARAMS', `stream scenario: ${field}: ${message}`, { where: field });
  if (!(cameraFps > 0 && cameraFps <= 10_000)) throw bad('cameraFps', `expected 0 < fps <= 10000, got ${cameraFps}`);
  if (policy !== 'latest' && policy !== 'fifo') throw bad('policy', `expected "latest" or "fifo", got ${JSON.stringify(policy)}`);
  if (!(Number.isInteger(streams) && streams >= 1 && streams <= 64)) throw bad('streams', `expected an integer 1..64, got ${streams}`);
  if (!(Number.isInteger(warmup) && warmup >= 0)) throw bad('warmup', `expected an integer >= 0, got ${warmup}`);
  if (p.slots !== undefined && !(Number.isInteger(p.slots) && p.slots >= 1)) throw bad('slots', `expected an integer >= 1, got ${p.slots}`);
  if (p.maxFrames !== undefined && !(Number.isInteger(p.maxFrames) && p.maxFrames >= 1)) throw bad('maxFrames', `expected an integer >= 1, got ${p.maxFrames}`);
  return { cameraFps, policy, streams, warmup };
}

/** One camera or consumer thread: its ready and done messages as promises. */
class StreamThread {
  readonly ready: Promise<void>;
  readonly done: Promise<ProducerLog | ConsumerLog>;
  readonly exited: Promise<void>;
  readonly #worker: Worker;
  #started = false;

  constructor(path: string, data: StreamWorkerData, onFailure: () => void) {
    this.#worker = new Worker(path, { workerData: data });
    const what = `stream ${data.stream} ${data.role === 'producer' ? 'camera' : 'consumer'} thread`;
    const ready = deferred<void>();
    const done = deferred<ProducerLog | ConsumerLog>();
    let finished = false;
    const fail = (e: Error): void => {
      if (finished) return;
      finished = true;
      onFailure();
      ready.reject(e);
      done.reject(e);
    };
    this.ready = ready.promise;
    this.done = done.promise;
    this.#worker.on('message', (m: FromStreamWorker) => {
      if (m.type === 'ready') ready.resolve();
      else if (m.type === 'error') fail(deserializeError(m.error, what));
      else {
        finished = true;
        done.resolve(m.log);
      }
    });
    this.#worker.on('error', (e) => fail(new InfrastructureError('HIL_STREAM_THREAD_FAILED', `${what} failed: ${e.message}`, { cause: e })));
    this.exited = new Promise((resolve) => {
      this.#worker.on('exit', (code) => {
        fail(new InfrastructureError('HIL_STREAM_THREAD_FAILED', `${what} exited (code ${code}) before reporting`));
        resolve();
      });
    });
  }

  /** Idempotent: after a failure every thread is started anyway, sees the stop flag and ends. */
  start(t0Ns: bigint): void {
    if (this.#started) return;
    this.#started = true;
    this.#worker.postMessage({ type: 'start', t0Ns } satisfies StartMessage);
  }
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Either may be left unawaited when another thread failed first.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
