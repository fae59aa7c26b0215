import type { ResolvedHilConfig } from '../config/define-config.js';
import type { Board } from '../devices/board.js';
import type { Target } from '../devices/profile-schema.js';
import { InfrastructureError } from '../errors.js';
import type { GpuCapability } from '../devices/probes/capabilities-parse.js';
import type { SelectedDevice } from '../runners/trtexec-parse.js';
import { computeLatencyStats } from '../metrics/latency-stats.js';
import { singleStreamTiming } from '../runners/trtexec-command.js';
import { TrtexecRunner, type EnginePrecision, type TrtexecEngine, type TrtexecLimits, type TrtexecModel, type TrtexecRun } from '../runners/trtexec-runner.js';
import { enginePrecision } from './trtexec-precision.js';
import { measureOnBoard } from './board-measurement.js';
import type { AccuracyRun, CompareRun, CompareRunParams, DatasetImages, LatencyRun, ResolvedModel, SingleStreamParams, ThroughputRun } from './device-session.js';
import { trtexecAccuracy } from './trtexec-accuracy.js';
import type { PerfModeOutcome } from './prepare-board.js';

// trtexec warms up for a time, not a query count; 200 ms is its own default.
const WARM_UP_MS = 200;

/**
 * A GPU target of a farm board, timed by TensorRT's trtexec: the engine is built (or found in
 * the board's cache) before power sampling starts, so the power window holds the timing run only.
 */
/** Throws (HIL_LEASE_LOST) unless the lease covered the board until `boardEpochMs`. */
export type CoverCheck = (boardEpochMs: number, what: string) => void;

export class TrtexecTarget {
  readonly #board: Board;
  readonly #config: ResolvedHilConfig;
  readonly #perfMode: PerfModeOutcome;
  readonly #runner: TrtexecRunner;
  #last: TrtexecRun | undefined;
  /** Median query time per engine file, from a calibration run (one per model per session). */
  readonly #queryMs = new Map<string, number>();
  #lastSizing: Record<string, unknown> | undefined;
  #lastAccuracy: Record<string, unknown> | undefined;
  /** The engine of the latest measurement (timing or accuracy), for provenance. */
  #lastEngine: TrtexecEngine | undefined;

  readonly #covered: CoverCheck;

  /** `covered` throws unless the board's lease covered a run that ended at that board time (its result is then discarded). */
  readonly #gpu: GpuCapability | undefined;
  /** The GPU trtexec said it selected, latest run. */
  #selected: SelectedDevice | undefined;

  /** `gpu`: the target's GPU as the board's probe found it (its CUDA id is what trtexec is pointed at). */
  constructor(board: Board, target: Target, config: ResolvedHilConfig, perfMode: PerfModeOutcome, covered: CoverCheck, gpu?: GpuCapability) {
    this.#gpu = gpu;
    this.#covered = covered;
    this.#board = board;
    this.#config = config;
    this.#perfMode = perfMode;
    this.#runner = new TrtexecRunner(board, target, gpu?.cudaId);
  }

  /** mAP's detections from TensorRT's own outputs on the board (trtexec --loadInputs / --exportOutput). */
  async accuracy(model: ResolvedModel, dataset: DatasetImages, cacheDir: string, signal: AbortSignal): Promise<AccuracyRun> {
    const limits = this.#limits(signal);
    const trt = await this.#model(model, limits);
    const run = await trtexecAccuracy(this.#runner, this.#board, model, dataset, { cacheDir, limits, ...(trt.precision ? { precision: trt.precision } : {}) });
    this.#covered(run.window.endEpochMs, `trtexec accuracy of ${model.spec.name}`);
    this.#confirmDevice(run.device);
    this.#lastAccuracy = { batch: run.batch, nonFiniteOutputs: run.nonFinite, command: run.command };
    this.#lastEngine = run.engine;
    return { detections: run.detections, images: run.images };
  }

  async singleStream(model: ResolvedModel, params: SingleStreamParams, signal: AbortSignal): Promise<LatencyRun> {
    const limits = this.#limits(signal);
    const trt = await this.#model(model, limits);
    const engine = await this.#runner.engine(trt, 1, limits);
    const warmUpMs = params.warmup > 0 ? WARM_UP_MS : 0;
    const queryMs = await this.#calibrate(trt, engine.remotePath, limits);
    const timing = singleStreamTiming(params, warmUpMs, queryMs);
    this.#lastSizing = { calibratedQueryMs: queryMs, iterations: timing.iterations, durationS: timing.durationS, cappedBy: timing.capped ? `maxDurationMs ${params.maxDurationMs}` : null };
    const m = await measureOnBoard(this.#board, this.#perfMode, { timeoutMs: this.#config.timeouts.connectMs, signal, maxRunMs: this.#config.timeouts.measureMs }, () => this.#run(trt, timing, limits, 'single-stream'), (r) => r.inferences);
    this.#last = m.result;
    this.#lastEngine = m.result.engine;
    const { summary, latencyMs, window } = m.result;
    return {
      temperaturesC: m.temperaturesC,
      ...(m.invalid ? { invalid: m.invalid } : {}),
      samplesMs: latencyMs,
      warmup: summary.warmup?.queries ?? 0,
      durationMs: summary.totalHostWalltimeS !== null ? summary.totalHostWalltimeS * 1000 : window.endEpochMs - window.startEpochMs,
      power: m.power.power,
      ...(m.power.note ? { powerNote: m.power.note } : {}),
      ...(m.power.trace ? { powerTrace: m.power.trace } : {}),
    };
  }

  /** trtexec's throughput (queries/s × images per query) at the model's batch, or `batch` where it is dynamic. */
  async throughput(model: ResolvedModel, params: { batch: number; minDurationMs: number }, signal: AbortSignal): Promise<ThroughputRun> {
    const fixed = model.spec.input.shape[0];
    const batch = fixed > 0 ? fixed : params.batch;
    const limits = this.#limits(signal);
    const run = await this.#run(await this.#model(model, limits), { warmUpMs: WARM_UP_MS, durationS: params.minDurationMs / 1000, iterations: 10, batch }, limits, 'throughput');
    this.#last = run;
    this.#lastEngine = run.engine;
    const walltimeS = run.summary.totalHostWalltimeS;
    const qps = run.summary.throughputQps ?? (walltimeS ? run.latencyMs.length / walltimeS : null);
    if (qps === null) throw new InfrastructureError('HIL_TRTEXEC_PARSE', `trtexec on ${this.#board.name} printed neither a throughput nor a walltime`, { where: this.#board.name });
    return { batch, fps: qps * batch, n: run.latencyMs.length * batch, durationMs: walltimeS !== null ? walltimeS * 1000 : run.window.endEpochMs - run.window.startEpochMs };
  }

  /**
   * Old and new version's engines in alternating trtexec runs (A B | B A | ...), each block a run
   * of `blockQueries` queries after one warm-up run of each: the engines share the GPU's state.
   */
  async compare(old: ResolvedModel, next: ResolvedModel, params: CompareRunParams, signal: AbortSignal): Promise<CompareRun> {
    const limits = this.#limits(signal);
    const a = await this.#model(old, limits);
    const b = await this.#model(next, limits);
    const timed = async (model: TrtexecModel, iterations: number, warmUpMs = 0): Promise<number[]> =>
      (await this.#run(model, { warmUpMs, durationS: 0, iterations }, limits, 'compare')).latencyMs;
    await timed(a, Math.max(1, params.warmup), WARM_UP_MS);
    await timed(b, Math.max(1, params.warmup), WARM_UP_MS);
    const blocks: CompareRun['blocks'] = [];
    const samplesA: number[] = [];
    const samplesB: number[] = [];
    for (let i = 0; i < params.blocks; i += 1) {
      const aFirst = i % 2 === 0;
      const first = await timed(aFirst ? a : b, params.blockQueries);
      const second = await timed(aFirst ? b : a, params.blockQueries);
      const [ta, tb] = aFirst ? [first, second] : [second, first];
      samplesA.push(...ta);
      samplesB.push(...tb);
      blocks.push({ aMedianMs: computeLatencyStats(ta).medianMs, bMedianMs: computeLatencyStats(tb).medianMs, aFirst });
    }
    return { blocks, samplesA, samplesB };
  }

  /** What ran: trtexec's path and TensorRT version, the engine and the last command line. */
  async provenance(signal: AbortSignal): Promise<Record<string, unknown>> {
    const tool = this.#last?.tool ?? (await this.#runner.tool(this.#limits(signal)));
    const engine = this.#lastEngine;
    return {
      runner: this.#board.emulated ? 'trtexec (emulated)' : 'trtexec',
      trtexec: {
        path: tool.path,
        tensorrtVersion: tool.version ?? 'not printed (TensorRT 7?)',
        ...(engine ? { engine: { file: engine.remotePath, precision: engine.precision, fp16: engine.precision === 'fp16', ...(engine.calibSha256 ? { calibrationCacheSha256: engine.calibSha256 } : {}), shapes: engine.shapes, builtThisRun: engine.built, buildMs: engine.buildMs } } : {}),
        ...(this.#last ? { command: this.#last.command } : {}),
        ...(this.#selected ? { selectedDevice: this.#selected } : {}),
        ...(this.#lastSizing ? { singleStream: this.#lastSizing } : {}),
        ...(this.#lastAccuracy ? { accuracy: this.#lastAccuracy } : {}),
        ...(this.#board.emulated ? { emulatedBy: 'onnxruntime-node on the host CPU (no GPU on an emulated board)' } : {}),
      },
    };
  }

  /**
   * The engine's median query time over ten queries of a separate, unreported run, so the timing
   * run can be sized to maxDurationMs (trtexec cannot stop itself at a time).
   */
  async #calibrate(model: TrtexecModel, engineFile: string, limits: TrtexecLimits): Promise<number> {
    const known = this.#queryMs.get(engineFile);
    if (known !== undefined) return known;
    const probe = await this.#runner.run(model, { warmUpMs: 0, durationS: 0, iterations: 10 }, limits);
    const ms = computeLatencyStats(probe.latencyMs).medianMs;
    this.#queryMs.set(engineFile, ms);
    return ms;
  }

  /** One trtexec run whose result counts only if the lease covered it to its end. */
  async #run(model: TrtexecModel, timing: Parameters<TrtexecRunner['run']>[1], limits: TrtexecLimits, what: string): Promise<TrtexecRun> {
    const run = await this.#runner.run(model, timing, limits);
    this.#confirmDevice(run.device);
    this.#covered(run.window.endEpochMs, `trtexec ${what} of ${model.name}`);
    return run;
  }

  /**
   * The probe said which GPU `--device=N` is; trtexec says which it selected. Where the probe knew
   * the compute capability and trtexec names another, the figures belong to the wrong GPU: broken.
   */
  #confirmDevice(selected: SelectedDevice | undefined): void {
    if (selected) this.#selected = selected;
    const probed = this.#gpu;
    if (!probed || !selected?.computeCapability || !probed.computeCapability) return;
    if (selected.computeCapability !== probed.computeCapability) {
      throw new InfrastructureError(
        'HIL_GPU_MISMATCH',
        `trtexec --device=${probed.cudaId} on ${this.#board.name} selected ${selected.name} (compute ${selected.computeCapability}), but the probe found the ${probed.kind} GPU ${probed.name} (compute ${probed.computeCapability}) there`,
        { where: this.#board.name },
      );
    }
  }

  /** The model as trtexec builds it: at its row's precision, with the calibration cache INT8 needs. */
  async #model(model: ResolvedModel, limits: TrtexecLimits): Promise<TrtexecModel> {
    return trtexecModel(model, await enginePrecision(model, () => this.#runner.tool(limits)));
  }

  #limits(signal: AbortSignal): TrtexecLimits {
    return { timeoutMs: this.#config.timeouts.measureMs, setupTimeoutMs: this.#config.timeouts.deployMs, signal };
  }
}

function trtexecModel(model: ResolvedModel, precision: EnginePrecision): TrtexecModel {
  return { name: model.spec.name, filePath: model.filePath, input: model.spec.input, precision };
}
