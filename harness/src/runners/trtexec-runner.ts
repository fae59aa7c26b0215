/**
 * TensorRT's `trtexec` as an on-board runner. The ONNX model is deployed by hash, its engine is
 * built once per board and cached there by model hash (and precision, shape, GPU, TensorRT
 * build), then each timing run loads it. Timing happens on the board: trtexec's own per-query
 * times (`--exportTimes`), and the run's window read from the board's clock (`date +%s%3N`) just
 * before and after trtexec in the same shell, so tegrastats samples line up with it.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Board } from '../devices/board.js';
import { deployFiles } from '../devices/deploy/deploy-cache.js';
import type { Target } from '../devices/profile-schema.js';
import { retrySetup } from '../devices/retry.js';
import { InfrastructureError } from '../errors.js';
import type { InputSpec } from '../inference/model-spec.js';
import { tail, TransportError } from '../transport/transport-errors.js';
import { buildArgs, engineKey, shapesFor, timingArgs, type EngineSettings, type Precision, type TimingParams } from './trtexec-command.js';
import { parseTrtexecOutput, parseTrtexecTimes, parseTrtexecVersion, selectedDevice, type SelectedDevice, type TrtexecSummary } from './trtexec-parse.js';

export const DEFAULT_TRTEXEC = '/usr/src/tensorrt/bin/trtexec';

export interface TrtexecLimits {
  /** The measurement (and engine build) limit. */
  timeoutMs: number;
  /** Each deploy or probe step. */
  setupTimeoutMs: number;
  signal?: AbortSignal;
}

export interface TrtexecTool {
  path: string;
  /** `8.6.1`; null when trtexec does not print it (TensorRT 7). */
  version: string | null;
  /** Size and mtime of the binary: a different TensorRT means engines are rebuilt. */
  id: string;
}

export interface TrtexecModel {
  name: string;
  filePath: string;
  input: Pick<InputSpec, 'name' | 'shape'>;
  /** The engine's precision (default FP32). */
  precision?: EnginePrecision;
}

/** The precision an engine is built for; INT8 of an FP32 model names its calibration cache (a local file). */
export interface EnginePrecision {
  precision: Precision;
  calibrationCache?: string;
}

export interface TrtexecEngine {
  remotePath: string;
  modelSha256: string;
  precision: Precision;
  calibSha256: string | null;
  shapes: string | null;
  /** False when the board already held it (no rebuild). */
  built: boolean;
  /** Build time on the board's clock; null when cached. */
  buildMs: number | null;
}

export interface TrtexecRun {
  summary: TrtexecSummary;
  /** trtexec's per-query latency (H2D + compute + D2H), ms: the timed queries only. */
  latencyMs: number[];
  computeMs: number[];
  /** The trtexec process on the board's clock (engine load, warm-up and timed queries). */
  window: { startEpochMs: number; endEpochMs: number };
  /** Queries run inside the window: warm-up plus timed (energy per inference divides by these). */
  inferences: number;
  engine: TrtexecEngine;
  tool: TrtexecTool;
  /** The timing command line, for provenance. */
  command: string;
  /** The GPU trtexec ran on, as it printed it (`Selected Device`, `Compute Capability`); absent when it did not say. */
  device?: SelectedDevice;
}


// Finds trtexec: the profile's path if it names one, else PATH, else JetPack's location; then
// prints its identity and the first lines of --help (where TensorRT 8+ names its version).
const PROBE = `want="$1"; p=""
if [ -n "$want" ]; then [ -x "$want" ] && p="$want" || p=$(command -v "$want" 2>/dev/null)
else p=$(command -v trtexec 2>/dev/null) || { [ -x "$2" ] && p="$2"; }; fi
[ -n "$p" ] || { echo "trtexec not found (looked for \${want:-trtexec on PATH and $2})" >&2; exit 127; }
echo "hil-path $p"; echo "hil-id $(stat -L -c %s-%Y "$p" 2>/dev/null)"
"$p" --help 2>&1 | head -n 5; exit 0`;

// Builds an engine unless the board holds it; a temp file + rename, so an interrupted build
// never leaves a half engine that later runs would load.
const BUILD = `trt="$1"; engine="$2"; tmp="$3"; shift 3
[ -s "$engine" ] && { touch -c "$engine"; echo "hil-engine cached"; exit 0; }
mkdir -p "$(dirname "$engine")" || exit 1
s=$(date +%s%3N); "$trt" "$@" 2>&1; rc=$?; e=$(date +%s%3N)
if [ $rc -eq 0 ] && [ -s "$tmp" ]; then mv -f "$tmp" "$engine"; else rm -f "$tmp"; fi
echo "hil-engine built $s $e $rc"; exit 0`;

// Times the engine between two readings of the board's clock, in one shell on the board.
const TIME = `trt="$1"; times="$2"; shift 2
mkdir -p "$(dirname "$times")" && rm -f "$times" || exit 1
s=$(date +%s%3N); "$trt" "$@" 2>&1; rc=$?; e=$(date +%s%3N)
echo "hil-window $s $e $rc"; exit 0`;

/** One board's trtexec for one target (the GPU it times on). */
export class TrtexecRunner {
  readonly #board: Board;
  readonly #gpuId: number | undefined;
  #tool: Promise<TrtexecTool> | undefined;

  /** `gpuId`: the target's CUDA device as the board's probe found it; else the profile's `trtexec.gpuIds`. */
  constructor(board: Board, target: Target, gpuId?: number) {
    this.#board = board;
    this.#gpuId = target === 'cpu' ? undefined : (gpuId ?? board.profile.trtexec?.gpuIds?.[target]);
  }

  /** The CUDA device trtexec is pointed at (`--device`), or undefined for its default. */
  get gpuId(): number | undefined {
    return this.#gpuId;
  }

  /** Locates trtexec and reads its version (once per session; setup, retried). */
  tool(limits: TrtexecLimits): Promise<TrtexecTool> {
    this.#tool ??= retrySetup('probe', () => this.#probe(limits), { signal: limits.signal }).catch((error: unknown) => {
      this.#tool = undefined;
      throw error;
    });
    return this.#tool;
  }

  /**
   * Deploys the model (and an INT8 calibration cache) by hash and builds its engine on the board
   * unless it is cached there. Precision: the given one, else FP32.
   */
  async engine(model: TrtexecModel, batch: number, limits: TrtexecLimits, precision?: EnginePrecision): Promise<TrtexecEngine> {
    const tool = await this.tool(limits);
    const { transport } = this.#board;
    const setup = { timeoutMs: limits.setupTimeoutMs, signal: limits.signal, stage: 'deploy' };
    const wanted: EnginePrecision = precision ?? model.precision ?? { precision: 'fp32' };
    const local = [model.filePath, ...(wanted.precision === 'int8' && wanted.calibrationCache ? [wanted.calibrationCache] : [])];
    const deployed = await retrySetup('deploy', () => deployFiles(transport, local, setup), { signal: limits.signal });
    const onnx = deployed.files[0]!;
    const calib = deployed.files[1];
    const settings: EngineSettings = { modelSha256: onnx.sha256, precision: wanted.precision, calibSha256: calib?.sha256 ?? null, shapes: shapesFor(model.input, batch), gpuId: this.#gpuId, toolId: tool.id };
    const remotePath = path.posix.join(transport.workdir, 'engines', `${engineKey(settings)}.engine`);
    const tmp = `${remotePath}.tmp-${randomUUID().slice(0, 8)}`;
    const args = buildArgs({ ...settings, onnx: onnx.remotePath, saveEngine: tmp, version: tool.version, ...(calib ? { calib: calib.remotePath } : {}) });
    const r = await transport.exec(['sh', '-c', BUILD, 'sh', tool.path, remotePath, tmp, ...args], { stage: 'engine-build', timeoutMs: limits.timeoutMs, signal: limits.signal });
    const status = /^hil-engine (cached|built (\d+) (\d+) (\d+))$/m.exec(r.stdout);
    const base = { remotePath, modelSha256: onnx.sha256, precision: settings.precision, calibSha256: settings.calibSha256, shapes: settings.shapes };
    if (status?.[1] === 'cached') return { ...base, built: false, buildMs: null };
    if (!status || status[4] !== '0') throw this.#failure('engine-build', r.stdout, r.stderr, `building the TensorRT engine of ${model.name}`);
    return { ...base, built: true, buildMs: Number(status[3]) - Number(status[2]) };
  }

  /** One timing run of the model's cached engine (built first if needed). Never retried. */
  async run(model: TrtexecModel, params: TimingParams & { batch?: number }, limits: TrtexecLimits): Promise<TrtexecRun> {
    const engine = await this.engine(model, params.batch ?? 1, limits);
    const tool = await this.tool(limits);
    const { transport } = this.#board;
    const times = path.posix.join(transport.workdir, 'trtexec', `${randomUUID()}.times.json`);
    const args = timingArgs({ engine: engine.remotePath, exportTimes: times, shapes: engine.shapes, gpuId: this.#gpuId }, params);
    const r = await transport.exec(['sh', '-c', TIME, 'sh', tool.path, times, ...args], { stage: 'measure', timeoutMs: limits.timeoutMs, signal: limits.signal });
    const marker = /^hil-window (\d+) (\d+) (\d+)$/m.exec(r.stdout);
    const output = r.stdout.replace(/^hil-window .*$/m, '');
    if (!marker || marker[3] !== '0') throw this.#failure('measure', output, r.stderr, `timing ${model.name}`);
    const summary = parseTrtexecOutput(output, this.#board.name);
    const device = selectedDevice(output);
    const fetched = await transport.exec(['sh', '-c', 'cat "$1" && rm -f "$1"', 'sh', times], { stage: 'fetch', timeoutMs: limits.setupTimeoutMs, signal: limits.signal });
    if (fetched.exitCode !== 0) {
      throw new TransportError('HIL_TRTEXEC_TIMES', `fetch on ${this.#board.name}: trtexec wrote no --exportTimes file: ${tail(fetched.stderr)}`, this.#board.name, 'fetch', { result: fetched });
    }
    const parsed = parseTrtexecTimes(fetched.stdout, this.#board.name, { warmUpMs: params.warmUpMs });
    if (parsed.latencyMs.length === 0 || (summary.timedQueries !== undefined && summary.timedQueries !== parsed.latencyMs.length)) {
      throw new InfrastructureError('HIL_TRTEXEC_TIMES', `trtexec on ${this.#board.name} exported ${parsed.latencyMs.length} timed queries but its summary counts ${summary.timedQueries ?? 'none'}`, { where: this.#board.name });
    }
    return {
      summary,
      latencyMs: parsed.latencyMs,
      computeMs: parsed.computeMs,
      window: { startEpochMs: Number(marker[1]), endEpochMs: Number(marker[2]) },
      inferences: parsed.latencyMs.length + (summary.warmup?.queries ?? parsed.droppedWarmups),
      engine,
      tool,
      command: [tool.path, ...args].join(' '),
      ...(device ? { device } : {}),
    };
  }

  async #probe(limits: TrtexecLimits): Promise<TrtexecTool> {
    const want = this.#board.profile.trtexec?.path ?? '';
    const r = await this.#board.transport.exec(['sh', '-c', PROBE, 'sh', want, DEFAULT_TRTEXEC], { stage: 'probe', timeoutMs: limits.setupTimeoutMs, signal: limits.signal });
    const found = /^hil-path (.+)$/m.exec(r.stdout);
    if (r.exitCode !== 0 || !found) {
      throw new InfrastructureError('HIL_TRTEXEC_MISSING', `${this.#board.name}: ${tail(r.stderr || r.stdout) || 'trtexec not found'}`, {
        where: this.#board.name,
        hint: `install TensorRT (JetPack puts trtexec in ${path.posix.dirname(DEFAULT_TRTEXEC)}) or set trtexec.path in ${this.#board.profile.name}'s device profile`,
      });
    }
    return { path: found[1]!, version: parseTrtexecVersion(r.stdout), id: /^hil-id (.*)$/m.exec(r.stdout)?.[1]?.trim() || 'unknown' };
  }

  /** trtexec's own `&&&& FAILED` error where it printed one, else the command's last lines. */
  #failure(stage: string, stdout: string, stderr: string, what: string): Error {
    try {
      parseTrtexecOutput(stdout, this.#board.name);
    } catch (error) {
      if (error instanceof InfrastructureError && error.code === 'HIL_TRTEXEC_FAILED') return error;
    }
    return new InfrastructureError('HIL_TRTEXEC_FAILED', `${stage} on ${this.#board.name}: ${what} failed: ${tail(stderr || stdout, 3)}`, { where: this.#board.name });
  }
}
