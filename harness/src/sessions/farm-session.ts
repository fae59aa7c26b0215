import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedHilConfig } from '../config/define-config.js';
import type { AccuracyResult, AgentJob, CompareParams, CompareResult, ScenarioParams, ScenarioResult, SingleStreamResult, ThroughputResult } from '../engine/job.js';
import { JOB_FORMAT } from '../engine/job.js';
import { openBoard, type Board } from '../devices/board.js';
import { runAgentJob } from '../devices/deploy/run-agent-job.js';
import { boardQueue } from '../devices/board-queue.js';
import { addWithWaitLimit } from '../transport/queue-wait.js';
import { timeoutError } from '../transport/transport-errors.js';
import type { BoardLease } from '../devices/lease/board-lease.js';
import { loadFarm } from '../devices/load-farm.js';
import { loadDeviceProfiles } from '../devices/load-profiles.js';
import { resolveDevice } from '../devices/resolve-device.js';
import { ConfigError, InfrastructureError } from '../errors.js';
import type { BoardCapabilities } from '../devices/probes/capabilities-parse.js';
import { gpuTargetPlan, type GpuTargetPlan } from './gpu-target-plan.js';
import type { RunnerName, Target } from '../devices/profile-schema.js';
import { notMeasuredReason, runnerForTarget } from '../runners/runner-for-target.js';
import { savePreparedTensors } from '../inference/prepared-tensors.js';
import { prepareTensors } from '../inference/tensor-cache.js';
import { measureOnBoard } from './board-measurement.js';
import { collectBoardProvenance } from './board-provenance.js';
import type { PerfModeOutcome } from './prepare-board.js';
import { TrtexecTarget } from './trtexec-target.js';
import type { CompareRun, CompareRunParams, DatasetImages, DeviceSession, LatencyRun, ResolvedModel, SingleStreamParams, StreamRun, StreamRunParams } from './device-session.js';
import { sameInput } from './same-input.js';
import { leaseFreeBoards, runStreamJob } from './farm-stream.js';
import { leaseHealthyBoard, type BoardSetup } from './lease-healthy-board.js';
import { prepareFrameFile } from './stream-frames.js';
import { agentSpecOf, mergeStreamResults, spreadStreams } from './stream-run.js';
import type { RunEnv } from '../results/run-env.js';
import { PRECISION_LABEL, type Precision } from '../results/precision.js';
import { rowPrecision } from './trtexec-precision.js';

/**
 * A board of the farm, leased for this worker, measuring on one target: the CPU through hil's
 * agent (deployed by content hash), a GPU through TensorRT's trtexec. Timing happens on the
 * board, power is sampled there too.
 */
export class FarmDeviceSession implements DeviceSession {
  readonly deviceType: string;
  readonly board: string;
  readonly target: Target;
  readonly runner: RunnerName;
  readonly emulated: boolean;
  readonly notMeasured?: Partial<Record<'accuracy' | 'stream', string>>;
  readonly unavailable?: string;
  readonly #trtexec: TrtexecTarget | undefined;
  readonly #board: Board;
  readonly #lease: BoardLease;
  readonly #others: Board[];
  readonly #config: ResolvedHilConfig;
  readonly #cacheDir: string;
  readonly #perfMode: PerfModeOutcome;
  readonly #boardCache: BoardSetup['cache'];
  readonly #runDir: string;
  readonly #probe: { capabilities: BoardCapabilities; mismatches: string[] } | undefined;
  /** What the probe lets this GPU target do (empty for the CPU, and where the board was not probed). */
  readonly #gpuPlan: GpuTargetPlan;

  constructor(board: Board, lease: BoardLease, others: Board[], config: ResolvedHilConfig, cacheDir: string, setup: BoardSetup, runDir: string, target: Target = 'cpu') {
    this.#runDir = runDir;
    this.#perfMode = setup.perfMode;
    this.#boardCache = setup.cache;
    this.#board = board;
    this.#lease = lease;
    this.#others = others;
    this.#config = config;
    this.#cacheDir = cacheDir;
    this.deviceType = board.profile.name;
    this.emulated = board.emulated;
    this.board = board.name;
    this.target = target;
    const runner = runnerForTarget(board.profile, target);
    if (!runner) throw new ConfigError('HIL_NO_RUNNER', `${board.profile.name}: no runner for target ${target} (targets: ${board.profile.targets.join(', ')}; runners: ${board.profile.runners.join(', ')})`, { where: board.profile.name });
    this.runner = runner;
    this.#probe = setup.capabilities ? { capabilities: setup.capabilities, mismatches: setup.mismatches ?? [] } : undefined;
    // The probe, not the profile, decides what the GPU target can do (see gpu-target-plan.ts).
    const plan = gpuTargetPlan(setup.capabilities, board.name, target);
    this.#gpuPlan = plan;
    if (runner === 'trtexec') {
      this.#trtexec = new TrtexecTarget(board, target, config, setup.perfMode, (end, what) => lease.assertCovers(end, what), plan.gpu);
      this.notMeasured = { stream: notMeasuredReason('trtexec', 'stream')!, ...(plan.noAccuracy ? { accuracy: plan.noAccuracy } : {}) };
    } else if (setup.agentUnavailable) {
      // A JetPack 4 board as it ships: Node 20 does not start there, so hil's agent cannot measure its CPU.
      this.unavailable = `hil's agent needs Node 20 (glibc >= 2.28), which cannot run here: ${setup.agentUnavailable}. The GPU targets measure through trtexec; a board upgraded to run Node 20 measures its CPU too`;
    }
  }

  async unsupportedModel(model: ResolvedModel): Promise<string | undefined> {
    if (this.runner !== 'trtexec') return model.spec.precision && model.spec.precision !== 'fp32' ? `hil's agent runs the model as its ONNX file is; ${PRECISION_LABEL[model.spec.precision]} rows run on GPU targets (trtexec)` : undefined;
    const target = this.target === 'cpu' ? undefined : this.target;
    const supported: Precision[] = (target && this.#board.profile.trtexec?.precisions?.[target]) || ['fp32'];
    const precision = await rowPrecision(model);
    const what = model.spec.precision ? PRECISION_LABEL[precision] : `${PRECISION_LABEL[precision]} (the model is explicitly quantized)`;
    if (!supported.includes(precision)) return `${what}: ${this.deviceType}'s ${this.target} runs ${supported.map((p) => PRECISION_LABEL[p]).join(', ')} only (its profile's trtexec.precisions.${this.target})`;
    // The profile allows it; the probed GPU may still lack it (a board unlike its profile).
    const gpu = this.#gpuPlan.gpu;
    if (gpu?.precisions && !gpu.precisions.includes(precision)) return `${what}: ${gpu.name} (compute ${gpu.computeCapability}, probed) cannot build it`;
    return undefined;
  }

  async runAccuracy(model: ResolvedModel, dataset: DatasetImages, signal?: AbortSignal) {
    if (this.#trtexec) return this.#gpu().accuracy(model, dataset, this.#cacheDir, this.#signal(signal));
    const result = (await this.#job(model, dataset, { scenario: 'accuracy' }, signal)) as AccuracyResult;
    return { detections: result.detections, images: result.images };
  }

  async runSingleStream(model: ResolvedModel, dataset: DatasetImages, params: SingleStreamParams, signal?: AbortSignal): Promise<LatencyRun> {
    if (this.#trtexec) return this.#gpu().singleStream(model, params, this.#signal(signal));
    const limits = { timeoutMs: this.#config.timeouts.connectMs, signal: this.#signal(signal), maxRunMs: this.#config.timeouts.measureMs };
    if (params.warmup > 0) {
      await this.#job(model, dataset, { scenario: 'single-stream', warmup: 0, minQueries: params.warmup, minDurationMs: 0, maxQueries: params.warmup }, signal);
    }
    const scenario = { scenario: 'single-stream' as const, warmup: 0, minQueries: params.minQueries, minDurationMs: params.minDurationMs, maxDurationMs: params.maxDurationMs };
    const m = await measureOnBoard(this.#board, this.#perfMode, limits, async () => (await this.#job(model, dataset, scenario, signal)) as SingleStreamResult, (r) => r.samplesMs.length);
    return {
      temperaturesC: m.temperaturesC,
      ...(m.invalid ? { invalid: m.invalid } : {}),
      samplesMs: m.result.samplesMs,
      warmup: params.warmup,
      durationMs: m.result.window.endEpochMs - m.result.window.startEpochMs,
      power: m.power.power,
      ...(m.power.note ? { powerNote: m.power.note } : {}),
      ...(m.power.trace ? { powerTrace: m.power.trace } : {}),
    };
  }

  /** Old and new version interleaved on this board (hil's agent: both sessions in one process; trtexec: alternating runs). */
  async runCompare(old: ResolvedModel, next: ResolvedModel, dataset: DatasetImages, params: CompareRunParams, signal?: AbortSignal): Promise<CompareRun> {
    if (this.#trtexec) return this.#gpu().compare(old, next, params, this.#signal(signal));
    const otherTensors = sameInput(old, next) ? undefined : await this.#tensorHeader(next, dataset);
    const scenario: CompareParams = {
      scenario: 'compare',
      other: { modelPath: next.filePath, spec: agentSpecOf(next.spec), ...(otherTensors ? { tensors: otherTensors } : {}) },
      warmup: params.warmup,
      blocks: params.blocks,
      blockQueries: params.blockQueries,
    };
    const result = (await this.#job(old, dataset, scenario, signal)) as CompareResult;
    return { blocks: result.blocks, samplesA: result.samplesA, samplesB: result.samplesB };
  }

  async runThroughput(model: ResolvedModel, dataset: DatasetImages, params: { batch: number; minDurationMs: number }, signal?: AbortSignal) {
    if (this.#trtexec) return this.#gpu().throughput(model, params, this.#signal(signal));
    const result = (await this.#job(model, dataset, { scenario: 'throughput', batchSize: params.batch, minDurationMs: params.minDurationMs }, signal)) as ThroughputResult;
    return { batch: result.batch, fps: result.fps, n: result.images, durationMs: result.durationMs };
  }

  /**
   * Several streams spread over this board and whichever other boards of the type are free now
   * (leased for the run's duration, like the seed's demo wall: one camera per board, the rest
   * doubled up); each board times its own streams.
   */
  async runStream(model: ResolvedModel, sequence: DatasetImages, params: StreamRunParams, signal?: AbortSignal): Promise<StreamRun> {
    this.#onlyAgent('stream');
    const frames = await prepareFrameFile(sequence.images, this.#cacheDir);
    const extra =
      params.streams > 1
        ? await leaseFreeBoards(this.#others, params.streams - 1, {
            runId: this.#lease.owner.runId,
            runDir: this.#runDir,
            ttlS: this.#config.lease.ttlS,
            connectTimeoutMs: this.#config.timeouts.connectMs,
            signal: this.#signal(signal),
          })
        : [];
    try {
      const boards = [
        { board: this.#board, lease: this.#lease, signal: this.#signal(signal) },
        ...extra.map((e) => ({ board: e.board, lease: e.lease, signal: signal ? AbortSignal.any([signal, e.lease.signal]) : e.lease.signal })),
      ];
      const shares = spreadStreams(params.streams, boards.length);
      const limits = { timeoutMs: this.#config.timeouts.measureMs, deployTimeoutMs: this.#config.timeouts.deployMs };
      const parts = await Promise.all(
        boards.map(async ({ board, lease, signal: s }, i) => {
          const result = await runStreamJob(board, model, frames, { ...params, streams: shares[i]! }, { ...limits, signal: s });
          lease.assertCovers(result.window.endEpochMs, `stream of ${model.spec.name}`);
          return { board: board.name, result };
        }),
      );
      return mergeStreamResults(parts);
    } finally {
      await Promise.all(extra.map((e) => e.lease.release().catch(() => undefined)));
    }
  }

  async provenance(): Promise<Record<string, unknown>> {
    const facts = await collectBoardProvenance(this.#board, { timeoutMs: this.#config.timeouts.connectMs, signal: this.#lease.signal });
    const runner = this.#trtexec ? await this.#trtexec.provenance(this.#lease.signal) : {};
    const probe = this.#probe ? { probe: { ...this.#probe, ...(this.#gpuPlan.gpu ? { gpu: this.#gpuPlan.gpu } : {}) } } : {};
    return { ...facts, target: this.target, ...runner, ...probe, perfMode: this.#perfMode, cache: this.#boardCache, lease: { ...this.#lease.summary, holder: this.#lease.owner } };
  }

  async close(): Promise<void> {
    await this.#lease.release().catch(() => undefined);
    await Promise.all([this.#board, ...this.#others].map((b) => b.transport.close().catch(() => undefined)));
  }

  /** The GPU target's trtexec, unless a capability its profile promised is missing on the board (then every check is broken, naming it). */
  #gpu(): TrtexecTarget {
    if (this.#gpuPlan.missing) throw new InfrastructureError('HIL_CAPABILITY_MISSING', this.#gpuPlan.missing, { where: this.board, hint: 'see `hil devices check` for what the board has' });
    return this.#trtexec!;
  }

  /** A suite asked trtexec for something only hil's agent measures: a usage error, never a faked figure. */
  #onlyAgent(what: 'accuracy' | 'stream'): void {
    const reason = this.notMeasured?.[what];
    if (reason) throw new ConfigError('HIL_NOT_MEASURED', `${this.board} (${this.target}, ${this.runner}): ${reason}`, { hint: 'check device.notMeasured before asking; accuracy needs the cpu target (ort-agent)' });
  }

  /** Work stops when the test is aborted or the lease is lost: nothing runs on an unleased board. */
  #signal(signal?: AbortSignal): AbortSignal {
    return signal ? AbortSignal.any([signal, this.#lease.signal]) : this.#lease.signal;
  }

  /** The model's prepared tensors of the dataset, saved (content-addressed) for deploying. */
  async #tensorHeader(model: ResolvedModel, dataset: DatasetImages): Promise<string> {
    const tensors = await prepareTensors(dataset.images.map((i) => ({ id: i.id, path: i.path })), model.spec.input, { cacheDir: path.join(this.#cacheDir, 'tensors') });
    return savePreparedTensors(path.join(this.#cacheDir, 'tensors'), tensors);
  }

  async #job(model: ResolvedModel, dataset: DatasetImages, scenario: ScenarioParams, signal?: AbortSignal): Promise<ScenarioResult> {
    const header = await this.#tensorHeader(model, dataset);
    const job: AgentJob = {
      format: JOB_FORMAT,
      modelPath: model.filePath,
      spec: { name: model.spec.name, input: model.spec.input, output: model.spec.output, nms: model.spec.nms, priors: model.spec.priors },
      tensors: header,
      scenarios: [scenario],
    };
    // The board's queue: even a user's own concurrent checks never measure two things at once on it.
    const jobSignal = this.#signal(signal);
    const run = await addWithWaitLimit(
      boardQueue(this.#board.name),
      () => runAgentJob(this.#board, job, { timeoutMs: this.#config.timeouts.measureMs, deployTimeoutMs: this.#config.timeouts.deployMs, signal: jobSignal }),
      {
        // Ahead in the queue is at most one other measurement of this worker.
        waitMs: this.#config.timeouts.measureMs + this.#config.timeouts.deployMs,
        signal: jobSignal,
        onWaitTimeout: () => timeoutError(this.#board.name, 'queue (waiting for the board\'s previous job)', this.#config.timeouts.measureMs + this.#config.timeouts.deployMs),
      },
    );
    const result = run.result.scenarios[0]!;
    // Nothing measured on a board this run no longer held is reported.
    this.#lease.assertCovers(result.window.endEpochMs, `${scenario.scenario} of ${model.spec.name}`);
    return result;
  }
}

export async function openFarmSession(device: string, run: { env: RunEnv; config: ResolvedHilConfig }, cacheDir: string, target: Target = 'cpu'): Promise<DeviceSession> {
  const { config, env } = run;
  const profiles = loadDeviceProfiles(path.resolve(config.rootDir, config.devicesDir), { shownDir: config.devicesDir });
  if (!env.farmFile || !existsSync(env.farmFile)) {
    throw new ConfigError('HIL_FARM_MISSING', `device "${device}" needs a farm inventory; ${env.farmFile ?? 'devices/farm.yaml'} not found`, { hint: 'pass --farm FILE (or start emulated boards with `hil emulate`)' });
  }
  const farm = loadFarm(env.farmFile, profiles);
  const resolved = resolveDevice(device, farm, profiles);
  if (!runnerForTarget(resolved.profile, target)) {
    throw new ConfigError('HIL_NO_RUNNER', `device "${device}" (type ${resolved.profile.name}): no runner for target ${target} (targets: ${resolved.profile.targets.join(', ')}; runners: ${resolved.profile.runners.join(', ')})`);
  }
  const boards = resolved.boards.map((spec) => openBoard(spec, resolved.profile, { connectTimeoutMs: config.timeouts.connectMs }));
  const leaseWaitMs = (env.leaseWaitS ?? farm.leaseWaitS) * 1000;
  // Quarantined boards skipped; the leased one health-checked and prepared (a failure quarantines it for the run).
  const { board, lease, setup } = await leaseHealthyBoard(boards, {
    runId: env.runId,
    runDir: env.runDir,
    ttlS: config.lease.ttlS,
    waitMs: leaseWaitMs,
    connectTimeoutMs: config.timeouts.connectMs,
  }).catch(async (error: unknown) => {
    await Promise.all(boards.map((b) => b.transport.close().catch(() => undefined)));
    throw error;
  });
  return new FarmDeviceSession(board, lease, boards.filter((b) => b !== board), config, cacheDir, setup, env.runDir, target);
}
