import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedHilConfig } from '../config/define-config.js';
import type { AccuracyResult, AgentJob, ScenarioParams, ScenarioResult, SingleStreamResult, ThroughputResult } from '../agent/job.js';
import { JOB_FORMAT } from '../agent/job.js';
import { openBoard, type Board } from '../devices/board.js';
import { runAgentJob } from '../devices/deploy/run-agent-job.js';
import { acquireLease, type BoardLease } from '../devices/lease/board-lease.js';
import { loadFarm } from '../devices/load-farm.js';
import { loadDeviceProfiles } from '../devices/load-profiles.js';
import { resolveDevice } from '../devices/resolve-device.js';
import { ConfigError } from '../errors.js';
import { savePreparedTensors } from '../inference/prepared-tensors.js';
import { prepareTensors } from '../inference/tensor-cache.js';
import { BoardPowerSampler } from './board-power.js';
import { collectBoardProvenance, readClocks, readTemperatures } from './board-provenance.js';
import { setPerfMode, type PerfModeOutcome } from './prepare-board.js';
import { measurementValidity } from './thermal-validity.js';
import type { DatasetImages, DeviceSession, LatencyRun, ResolvedModel, SingleStreamParams, StreamRun, StreamRunParams } from './device-session.js';
import { leaseFreeBoards, runStreamJob } from './farm-stream.js';
import { prepareFrameFile } from './stream-frames.js';
import { mergeStreamResults, spreadStreams } from './stream-run.js';
import type { RunEnv } from './run-env.js';

/**
 * A board of the farm, leased for this worker: jobs go to hil's agent on the board over SSH
 * (deployed by content hash), timing happens on the board, power is sampled there too.
 */
export class FarmDeviceSession implements DeviceSession {
  readonly deviceType: string;
  readonly board: string;
  readonly target: string;
  readonly runner = 'ort-agent';
  readonly #board: Board;
  readonly #lease: BoardLease;
  readonly #others: Board[];
  readonly #config: ResolvedHilConfig;
  readonly #cacheDir: string;
  readonly #perfMode: PerfModeOutcome;

  constructor(board: Board, lease: BoardLease, others: Board[], config: ResolvedHilConfig, cacheDir: string, perfMode: PerfModeOutcome) {
    this.#perfMode = perfMode;
    this.#board = board;
    this.#lease = lease;
    this.#others = others;
    this.#config = config;
    this.#cacheDir = cacheDir;
    this.deviceType = board.profile.name;
    this.board = board.name;
    // The onnxruntime agent runs on the board's CPU (the npm build has no GPU provider on arm64).
    this.target = 'cpu';
  }

  async runAccuracy(model: ResolvedModel, dataset: DatasetImages, signal?: AbortSignal) {
    const result = (await this.#job(model, dataset, { scenario: 'accuracy' }, signal)) as AccuracyResult;
    return { detections: result.detections, images: result.images };
  }

  async runSingleStream(model: ResolvedModel, dataset: DatasetImages, params: SingleStreamParams, signal?: AbortSignal): Promise<LatencyRun> {
    const limits = { timeoutMs: this.#config.timeouts.connectMs, signal: this.#signal(signal) };
    if (params.warmup > 0) {
      await this.#job(model, dataset, { scenario: 'single-stream', warmup: 0, minQueries: params.warmup, minDurationMs: 0, maxQueries: params.warmup }, signal);
    }
    const before = await readTemperatures(this.#board, limits);
    const sampler = await BoardPowerSampler.start(this.#board, limits);
    let result: SingleStreamResult;
    try {
      result = (await this.#job(model, dataset, { scenario: 'single-stream', warmup: 0, minQueries: params.minQueries, minDurationMs: params.minDurationMs, maxDurationMs: params.maxDurationMs }, signal)) as SingleStreamResult;
    } catch (error) {
      await sampler?.stop({ startEpochMs: 0, endEpochMs: 0 }, 0, limits).catch(() => undefined);
      throw error;
    }
    const power = sampler ? await sampler.stop(result.window, result.samplesMs.length, limits) : { power: null };
    const [after, clocks] = await Promise.all([readTemperatures(this.#board, limits), readClocks(this.#board, limits)]);
    const hottest: Record<string, number> = { ...before };
    for (const [zone, c] of Object.entries(after)) hottest[zone] = Math.max(c, hottest[zone] ?? -Infinity);
    const validity = measurementValidity({ temperaturesC: hottest, thermal: this.#board.profile.thermal, clocks: clocks.atMax, perfModeSet: this.#perfMode.status === 'set' });
    return {
      temperaturesC: { before, after },
      ...(validity.valid ? {} : { invalid: validity.reason }),
      samplesMs: result.samplesMs,
      warmup: params.warmup,
      durationMs: result.window.endEpochMs - result.window.startEpochMs,
      power: power.power,
      ...(power.trace ? { powerTrace: power.trace } : {}),
    };
  }

  async runThroughput(model: ResolvedModel, dataset: DatasetImages, params: { batch: number; minDurationMs: number }, signal?: AbortSignal) {
    const result = (await this.#job(model, dataset, { scenario: 'throughput', batchSize: params.batch, minDurationMs: params.minDurationMs }, signal)) as ThroughputResult;
    return { batch: result.batch, fps: result.fps, n: result.images, durationMs: result.durationMs };
  }

  /**
   * Several streams spread over this board and whichever other boards of the type are free now
   * (leased for the run's duration, like the seed's demo wall: one camera per board, the rest
   * doubled up); each board times its own streams.
   */
  async runStream(model: ResolvedModel, sequence: DatasetImages, params: StreamRunParams, signal?: AbortSignal): Promise<StreamRun> {
    const frames = await prepareFrameFile(sequence.images, this.#cacheDir);
    const extra = params.streams > 1 ? await leaseFreeBoards(this.#others, params.streams - 1, { runId: this.#lease.owner.runId, signal: this.#signal(signal) }) : [];
    try {
      const boards = [{ board: this.#board, signal: this.#signal(signal) }, ...extra.map((e) => ({ board: e.board, signal: signal ? AbortSignal.any([signal, e.lease.signal]) : e.lease.signal }))];
      const shares = spreadStreams(params.streams, boards.length);
      const limits = { timeoutMs: this.#config.timeouts.measureMs, deployTimeoutMs: this.#config.timeouts.deployMs };
      const parts = await Promise.all(
        boards.map(async ({ board, signal: s }, i) => ({ board: board.name, result: await runStreamJob(board, model, frames, { ...params, streams: shares[i]! }, { ...limits, signal: s }) })),
      );
      return mergeStreamResults(parts);
    } finally {
      await Promise.all(extra.map((e) => e.lease.release().catch(() => undefined)));
    }
  }

  async provenance(): Promise<Record<string, unknown>> {
    const facts = await collectBoardProvenance(this.#board, { timeoutMs: this.#config.timeouts.connectMs, signal: this.#lease.signal });
    return { ...facts, perfMode: this.#perfMode, lease: { owner: this.#lease.owner, reclaimedFrom: this.#lease.reclaimedFrom } };
  }

  async close(): Promise<void> {
    await this.#lease.release().catch(() => undefined);
    await Promise.all([this.#board, ...this.#others].map((b) => b.transport.close().catch(() => undefined)));
  }

  /** Work stops when the test is aborted or the lease is lost: nothing runs on an unleased board. */
  #signal(signal?: AbortSignal): AbortSignal {
    return signal ? AbortSignal.any([signal, this.#lease.signal]) : this.#lease.signal;
  }

  async #job(model: ResolvedModel, dataset: DatasetImages, scenario: ScenarioParams, signal?: AbortSignal): Promise<ScenarioResult> {
    const tensors = await prepareTensors(dataset.images.map((i) => ({ id: i.id, path: i.path })), model.spec.input, { cacheDir: path.join(this.#cacheDir, 'tensors') });
    const header = await savePreparedTensors(path.join(this.#cacheDir, 'tensors'), tensors);
    const job: AgentJob = {
      format: JOB_FORMAT,
      modelPath: model.filePath,
      spec: { name: model.spec.name, input: model.spec.input, output: model.spec.output, nms: model.spec.nms, priors: model.spec.priors },
      tensors: header,
      scenarios: [scenario],
    };
    const run = await runAgentJob(this.#board, job, {
      timeoutMs: this.#config.timeouts.measureMs,
      deployTimeoutMs: this.#config.timeouts.deployMs,
      signal: this.#signal(signal),
    });
    return run.result.scenarios[0]!;
  }
}

export async function openFarmSession(device: string, run: { env: RunEnv; config: ResolvedHilConfig }, cacheDir: string): Promise<DeviceSession> {
  const { config, env } = run;
  const profiles = loadDeviceProfiles(path.resolve(config.rootDir, config.devicesDir), { shownDir: config.devicesDir });
  if (!env.farmFile || !existsSync(env.farmFile)) {
    throw new ConfigError('HIL_FARM_MISSING', `device "${device}" needs a farm inventory; ${env.farmFile ?? 'devices/farm.yaml'} not found`, { hint: 'pass --farm FILE (or start emulated boards with `hil emulate`)' });
  }
  const farm = loadFarm(env.farmFile, profiles);
  const resolved = resolveDevice(device, farm, profiles);
  const boards = resolved.boards.map((spec) => openBoard(spec, resolved.profile, { connectTimeoutMs: config.timeouts.connectMs }));
  const lease = await acquireLease(
    boards.map((b) => b.transport),
    { runId: env.runId, ttlS: 60, waitMs: config.timeouts.measureMs },
  );
  const board = boards.find((b) => b.name === lease.board)!;
  let perfMode: PerfModeOutcome;
  try {
    perfMode = await setPerfMode(board, { timeoutMs: config.timeouts.connectMs, signal: lease.signal });
  } catch (error) {
    await lease.release().catch(() => undefined);
    await Promise.all(boards.map((b) => b.transport.close().catch(() => undefined)));
    throw error;
  }
  return new FarmDeviceSession(board, lease, boards.filter((b) => b !== board), config, cacheDir, perfMode);
}
