import os from 'node:os';
import path from 'node:path';
import { startRaplSampler } from '../devices/power/rapl.js';
import { cpuSnapshot, otherCoresBusy } from '../devices/probes/host-cpu.js';
import { measurementValidity } from '../metrics/measurement-validity.js';
import type { AccuracyResult, CompareResult, SingleStreamResult, ThroughputResult } from '../engine/job.js';
import { savePreparedTensors } from '../inference/prepared-tensors.js';
import { createRunner, type Runner } from '../engine/runner.js';
import { prepareTensors } from '../inference/tensor-cache.js';
import type { CompareRun, CompareRunParams, DatasetImages, DeviceSession, LatencyRun, ResolvedModel, SingleStreamParams, StreamRun, StreamRunParams } from './device-session.js';
import { sameInput } from './same-input.js';
import { prepareFrameFile } from './stream-frames.js';
import { agentSpecOf, mergeStreamResults, streamParamsFor } from './stream-run.js';
import { withStageDeadline } from '../transport/stage-deadline.js';

/**
 * The `local` device: the host CPU, real inference through onnxruntime-node in a worker thread
 * (session.run blocks its thread; the worker keeps hil's own event loop responsive). Power comes
 * from RAPL where the kernel exposes it, else it is "not measured".
 */
export class LocalDeviceSession implements DeviceSession {
  readonly deviceType = 'local';
  readonly board: string;
  readonly target = 'cpu';
  readonly runner = 'ort-agent';
  readonly emulated = false;
  readonly #cacheDir: string;
  readonly #measureMs: number;
  readonly #runners = new Map<string, Promise<Runner>>();

  /** `measureMs`: the limit of each measurement (config timeouts.measureMs), as on a board. */
  constructor(options: { board?: string; cacheDir: string; measureMs?: number }) {
    this.board = options.board ?? 'local';
    this.#cacheDir = options.cacheDir;
    this.#measureMs = options.measureMs ?? 600_000;
  }

  /** Runs one measurement under the caller's signal and this stage's time limit (the error names board, stage and limit). */
  #limited<T>(stage: string, signal: AbortSignal | undefined, work: (options: { signal: AbortSignal }) => Promise<T>): Promise<T> {
    return withStageDeadline(this.board, stage, this.#measureMs, signal, (s) => work({ signal: s }));
  }

  async runAccuracy(model: ResolvedModel, dataset: DatasetImages, signal?: AbortSignal) {
    const runner = await this.#runner(model);
    const result = (await this.#limited('accuracy', signal, async (o) => runner.run({ scenario: 'accuracy' }, await this.#tensors(model, dataset), o))) as AccuracyResult;
    return { detections: result.detections, images: result.images };
  }

  async runSingleStream(model: ResolvedModel, dataset: DatasetImages, params: SingleStreamParams, signal?: AbortSignal): Promise<LatencyRun> {
    const runner = await this.#runner(model);
    const tensors = await this.#tensors(model, dataset);
    // Warm up in a call of its own, so the power window covers the timed queries only.
    if (params.warmup > 0) {
      await this.#limited('warm-up', signal, (o) => runner.run({ scenario: 'single-stream', warmup: 0, minQueries: params.warmup, minDurationMs: 0, maxQueries: params.warmup }, tensors, o));
    }
    const rapl = await startRaplSampler();
    const cpuBefore = await cpuSnapshot();
    const result = (await this.#limited('single-stream', signal, (o) =>
      runner.run({ scenario: 'single-stream', warmup: 0, minQueries: params.minQueries, minDurationMs: params.minDurationMs, maxDurationMs: params.maxDurationMs }, tensors, o),
    )) as SingleStreamResult;
    const cpuAfter = await cpuSnapshot();
    const power = rapl ? await rapl.stop(result.samplesMs.length) : null;
    // Other processes competing for the CPU make the figures describe the host's load, not the model.
    const otherCores = cpuBefore && cpuAfter ? otherCoresBusy(cpuBefore, cpuAfter) : null;
    const validity = measurementValidity({ temperaturesC: {}, clocks: null, perfModeSet: false, contention: { otherCores, maxOtherCores: params.maxOtherCores ?? Infinity } });
    return {
      samplesMs: result.samplesMs,
      warmup: params.warmup,
      durationMs: result.window.endEpochMs - result.window.startEpochMs,
      power,
      ...(power ? {} : { powerNote: 'not measured: RAPL (the host package energy counter) is not readable here' }),
      ...(validity.valid ? {} : { invalid: validity.reason }),
    };
  }

  /**
   * Old and new version interleaved in one worker thread (both sessions side by side), so the
   * host's load hits both alike; it is recorded, not held against the comparison.
   */
  async runCompare(old: ResolvedModel, next: ResolvedModel, dataset: DatasetImages, params: CompareRunParams, signal?: AbortSignal): Promise<CompareRun> {
    const runner = await this.#runner(old);
    const tensors = await this.#tensors(old, dataset);
    const otherTensors = sameInput(old, next) ? undefined : await savePreparedTensors(path.join(this.#cacheDir, 'tensors'), await this.#tensors(next, dataset));
    const scenario = { scenario: 'compare' as const, other: { modelPath: next.filePath, spec: agentSpecOf(next.spec), ...(otherTensors ? { tensors: otherTensors } : {}) }, warmup: params.warmup, blocks: params.blocks, blockQueries: params.blockQueries };
    const result = (await this.#limited('compare', signal, (o) => runner.run(scenario, tensors, o))) as CompareResult;
    return { blocks: result.blocks, samplesA: result.samplesA, samplesB: result.samplesB };
  }

  async runThroughput(model: ResolvedModel, dataset: DatasetImages, params: { batch: number; minDurationMs: number }, signal?: AbortSignal) {
    const runner = await this.#runner(model);
    const tensors = await this.#tensors(model, dataset);
    const result = (await this.#limited('throughput', signal, (o) => runner.run({ scenario: 'throughput', batchSize: params.batch, minDurationMs: params.minDurationMs }, tensors, o))) as ThroughputResult;
    return { batch: result.batch, fps: result.fps, n: result.images, durationMs: result.durationMs };
  }

  /**
   * All streams at once on this host: the coordinator only waits on messages, so it runs here;
   * each stream's camera and consumer (with its own session) are worker threads.
   */
  async runStream(model: ResolvedModel, sequence: DatasetImages, params: StreamRunParams, signal?: AbortSignal): Promise<StreamRun> {
    const frames = await prepareFrameFile(sequence.images, this.#cacheDir);
    const { runStreamScenario } = await import('../engine/stream/stream-scenario.js');
    const result = await this.#limited('stream', signal, (o) => runStreamScenario({ modelPath: model.filePath, spec: agentSpecOf(model.spec) }, streamParamsFor(frames, params), o));
    return mergeStreamResults([{ board: this.board, result }]);
  }

  async provenance(): Promise<Record<string, unknown>> {
    const first = [...this.#runners.values()][0];
    const environment = first ? (await first).environment : undefined;
    return {
      emulated: false,
      host: os.hostname(),
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cpuCount: os.cpus().length,
      kernel: os.release(),
      node: process.version,
      runner: environment ? { onnxruntime: environment.onnxruntime, session: environment.session } : undefined,
      power: 'rapl (host package energy) where readable, else not measured',
    };
  }

  async close(): Promise<void> {
    const runners = [...this.#runners.values()];
    this.#runners.clear();
    await Promise.all(runners.map(async (r) => (await r.catch(() => undefined))?.close()));
  }

  #runner(model: ResolvedModel): Promise<Runner> {
    let runner = this.#runners.get(model.filePath);
    if (!runner) {
      runner = createRunner(model.filePath, model.spec);
      this.#runners.set(model.filePath, runner);
      runner.catch(() => this.#runners.delete(model.filePath));
    }
    return runner;
  }

  #tensors(model: ResolvedModel, dataset: DatasetImages) {
    return prepareTensors(
      dataset.images.map((i) => ({ id: i.id, path: i.path })),
      model.spec.input,
      { cacheDir: path.join(this.#cacheDir, 'tensors') },
    );
  }
}
