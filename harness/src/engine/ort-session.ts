/**
 * Opens an onnxruntime-node session with explicit options and describes the runtime, so every
 * result records exactly how it was measured. onnxruntime-node is imported lazily: the main
 * thread of a worker-backed runner never loads the native library.
 */
import os from 'node:os';
import type { InferenceSession } from 'onnxruntime-node';
import { ConfigError, InfrastructureError } from '../errors.js';
import { outputNamesOf } from '../inference/adapters/decode-outputs.js';
import type { AgentModelSpec, RunnerEnvironment, SessionConfig } from './job.js';

export type Ort = typeof import('onnxruntime-node');

export interface OpenedSession {
  ort: Ort;
  /** The ONNX file it was opened from (the stream scenario opens one more session per consumer thread). */
  modelPath?: string;
  session: InferenceSession;
  environment: RunnerEnvironment;
}

export function resolveSessionConfig(config: SessionConfig = {}): Required<SessionConfig> {
  return {
    // One intra-op thread by default: run-to-run medians then move by a few percent, where
    // onnxruntime's default (a thread per core) moved them by ±20% on a shared 2-core host, which
    // no statistical test can tell from a regression. Set more in the session config to measure that.
    intraOpNumThreads: config.intraOpNumThreads ?? 1,
    interOpNumThreads: config.interOpNumThreads ?? 1,
    executionMode: config.executionMode ?? 'sequential',
    graphOptimizationLevel: config.graphOptimizationLevel ?? 'all',
    executionProviders: config.executionProviders ?? ['cpu'],
    enableCpuMemArena: config.enableCpuMemArena ?? true,
    enableMemPattern: config.enableMemPattern ?? true,
  };
}

/** The options object handed to InferenceSession.create (shared with the bench's bare loop). */
export function toOrtOptions(c: Required<SessionConfig>): InferenceSession.SessionOptions {
  return {
    executionProviders: c.executionProviders,
    graphOptimizationLevel: c.graphOptimizationLevel,
    executionMode: c.executionMode,
    interOpNumThreads: c.interOpNumThreads,
    enableCpuMemArena: c.enableCpuMemArena,
    enableMemPattern: c.enableMemPattern,
    // 0 would be passed through as "default" by onnxruntime too; omitting it says so plainly.
    ...(c.intraOpNumThreads > 0 ? { intraOpNumThreads: c.intraOpNumThreads } : {}),
  };
}

export async function openSession(modelPath: string, spec: AgentModelSpec, config?: SessionConfig): Promise<OpenedSession> {
  const ort = await loadOrt();
  const applied = resolveSessionConfig(config);
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, toOrtOptions(applied));
  } catch (cause) {
    throw new ConfigError('HIL_MODEL_UNLOADABLE', `onnxruntime cannot load ${modelPath}: ${(cause as Error).message}`, {
      cause,
      where: modelPath,
      hint: 'check the model file and its sha256 in the manifest',
    });
  }
  const meta = session.inputMetadata.find((m) => m.name === spec.input.name);
  if (!meta) {
    await session.release();
    throw new ConfigError('HIL_INPUT_MISSING', `model ${spec.name} has no input "${spec.input.name}"; it has: ${session.inputNames.join(', ')}`, {
      where: 'input.name',
    });
  }
  const missing = outputNamesOf(spec).filter((name) => !session.outputNames.includes(name));
  if (missing.length > 0) {
    await session.release();
    throw new ConfigError(
      'HIL_OUTPUT_MISSING',
      `model ${spec.name} has no output ${missing.map((n) => `"${n}"`).join(', ')} (output format ${spec.output.format}); it has: ${session.outputNames.join(', ')}`,
      { where: 'output', hint: 'fix the output names in the model manifest entry' },
    );
  }
  const shape = meta.isTensor ? [...meta.shape] : [];
  const first = shape[0];
  const batchDynamic = typeof first === 'string' || (typeof first === 'number' && first < 0) || (first === undefined && spec.input.shape[0] === -1);
  const environment: RunnerEnvironment = {
    hostname: os.hostname(),
    platform: os.platform(),
    arch: os.arch(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cpuCount: os.cpus().length,
    node: process.version,
    onnxruntime: ort.env.versions.node ?? ort.env.versions.common ?? 'unknown',
    session: applied,
    inputName: spec.input.name,
    modelInputShape: shape,
    batchDynamic,
  };
  return { ort, session, environment, modelPath };
}

export async function loadOrt(): Promise<Ort> {
  try {
    const mod = (await import('onnxruntime-node')) as Ort & { default?: Ort };
    return mod.default ?? mod;
  } catch (cause) {
    throw new InfrastructureError('HIL_ORT_MISSING', 'onnxruntime-node cannot be loaded on this machine', {
      cause,
      hint: 'onnxruntime-node needs glibc >= 2.28 (JetPack 5+); use the trtexec runner on older boards',
    });
  }
}
