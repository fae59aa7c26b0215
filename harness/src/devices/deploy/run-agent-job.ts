import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AgentJob, AgentResult } from '../../engine/job.js';
import { resultProblem } from '../../engine/result-schema.js';
import { ConfigError, InfrastructureError, type HilError } from '../../errors.js';
import { tail, TransportError } from '../../transport/transport-errors.js';
import type { ExecResult } from '../../transport/transport.js';
import type { Board } from '../board.js';
import { retrySetup } from '../retry.js';
import { deployAgent } from './deploy-agent.js';
import { deployFiles } from './deploy-cache.js';
import { sha256File } from './file-hash.js';
import { writeFileAtomicSync } from '../../files/atomic-write.js';

export interface RunAgentJobOptions {
  /** Limit for the measurement itself (stage `measure`). */
  timeoutMs: number;
  /** Limit for each deploy step. @default the profile's deployMs, else 120000 */
  deployTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface AgentJobRun {
  result: Extract<AgentResult, { ok: true }>;
  board: string;
  emulated: boolean;
  agentSha256: string;
  /** Bytes sent for this job (agent + inputs); 0 when all were cached on the board. */
  bytesSent: number;
  exec: ExecResult;
}

/** Rewrites a prepared-tensors header so its data file is found by hash in the board's cache. */
async function cachedTensorHeader(headerPath: string): Promise<{ header: string; data: string }> {
  const header = JSON.parse(readFileSync(headerPath, 'utf8')) as { dataFile: string };
  const data = path.resolve(path.dirname(headerPath), header.dataFile);
  const { sha256 } = await sha256File(data);
  const dir = path.join(os.tmpdir(), 'hil-jobs');
  const rewritten = path.join(dir, `tensors-${sha256}.json`);
  writeFileAtomicSync(rewritten, JSON.stringify({ ...header, dataFile: sha256 }));
  return { header: rewritten, data };
}

// Writes the job from stdin into its own folder under the workdir.
const WRITE_JOB = 'mkdir -p "$1" && cat > "$2"';

/**
 * Runs one agent job on a board: deploys the agent and the job's inputs by hash (setup, retried),
 * runs the agent once under the measure timeout (never retried), fetches its JSON result.
 * Local paths in the job (model, tensors, images) become their cached copies on the board.
 */
export async function runAgentJob(board: Board, job: AgentJob, options: RunAgentJobOptions): Promise<AgentJobRun> {
  const { transport } = board;
  const deployTimeoutMs = options.deployTimeoutMs ?? board.profile.timeouts?.deployMs ?? 120_000;
  const agent = await deployAgent(board, { timeoutMs: deployTimeoutMs, signal: options.signal });

  const modelPath = path.resolve(job.modelPath);
  const tensors = job.tensors === undefined ? undefined : await cachedTensorHeader(path.resolve(job.tensors));
  const images = (job.images ?? []).map((img) => ({ ...img, path: path.resolve(img.path) }));
  // A comparison carries the other version of the model (and its tensors, where its input differs).
  const others = await Promise.all(
    job.scenarios.map(async (s) => (s.scenario === 'compare' ? { model: path.resolve(s.other.modelPath), tensors: s.other.tensors ? await cachedTensorHeader(path.resolve(s.other.tensors)) : undefined } : null)),
  );
  const otherFiles = others.flatMap((o) => (o ? [o.model, ...(o.tensors ? [o.tensors.header, o.tensors.data] : [])] : []));
  const locals = [...new Set([modelPath, ...(tensors ? [tensors.header, tensors.data] : []), ...images.map((i) => i.path), ...otherFiles])];
  const deployed = await retrySetup('deploy', () => deployFiles(transport, locals, { timeoutMs: deployTimeoutMs, signal: options.signal, stage: 'deploy' }), {
    signal: options.signal,
  });
  const remote = new Map(deployed.files.map((f) => [f.localPath, f.remotePath]));
  const remoteJob: AgentJob = {
    ...job,
    modelPath: remote.get(modelPath)!,
    ...(tensors ? { tensors: remote.get(tensors.header)! } : {}),
    ...(job.images ? { images: images.map((img) => ({ ...img, path: remote.get(img.path)! })) } : {}),
    scenarios: job.scenarios.map((s, i) => {
      const other = others[i];
      if (s.scenario !== 'compare' || !other) return s;
      return { ...s, other: { ...s.other, modelPath: remote.get(other.model)!, ...(other.tensors ? { tensors: remote.get(other.tensors.header)! } : {}) } };
    }),
  };

  const jobDir = path.posix.join(transport.workdir, 'jobs', randomUUID());
  const jobFile = path.posix.join(jobDir, 'job.json');
  const resultFile = path.posix.join(jobDir, 'result.json');
  const setup = { stage: 'deploy', timeoutMs: deployTimeoutMs, signal: options.signal };
  const written = await transport.exec(['sh', '-c', WRITE_JOB, 'sh', jobDir, jobFile], { ...setup, stdin: JSON.stringify(remoteJob) });
  if (written.exitCode !== 0) throw new TransportError('HIL_COMMAND_FAILED', `deploy on ${board.name}: cannot write the job: ${tail(written.stderr)}`, board.name, 'deploy', { result: written });
  try {
    const exec = await transport.exec([agent.node, agent.entry, jobFile, '--out', resultFile], {
      stage: 'measure',
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      cwd: agent.dir,
      // onnxruntime keeps a telemetry id under $XDG_CACHE_HOME (else ~/.cache): inside hil's
      // directory, like every other file hil leaves on the board.
      env: { XDG_CACHE_HOME: path.posix.join(transport.workdir, 'xdg-cache') },
    });
    const result = await fetchResult(board, exec, resultFile, { timeoutMs: deployTimeoutMs, signal: options.signal });
    if (!result.ok) throw agentError(board.name, result.error);
    return { result, board: board.name, emulated: board.emulated, agentSha256: agent.sha256, bytesSent: agent.bytesSent + deployed.bytesSent, exec };
  } finally {
    await transport.exec(['rm', '-rf', jobDir], { stage: 'cleanup', timeoutMs: 30_000 }).catch(() => undefined);
  }
}

/** A result larger than this is not one hil's agent wrote (a 5000-image accuracy run is ~30 MB). */
const MAX_RESULT_BYTES = 256 * 1024 * 1024;

/**
 * The agent's result file, fetched over SFTP (never through a command's output, which is capped)
 * and checked against the schema that defines it before any of it is used: a malformed result is
 * broken, naming the field.
 */
async function fetchResult(board: Board, exec: ExecResult, resultFile: string, limits: { timeoutMs: number; signal?: AbortSignal }): Promise<AgentResult> {
  const { transport } = board;
  const sized = await transport.exec(['sh', '-c', 'wc -c < "$1"', 'sh', resultFile], { stage: 'fetch', timeoutMs: 60_000, signal: limits.signal });
  if (sized.exitCode !== 0) {
    // No result file: the agent crashed before writing one (killed, out of memory, bad node).
    throw new TransportError('HIL_AGENT_CRASHED', `measure on ${board.name}: the agent exited with ${exec.exitCode ?? exec.signal} and wrote no result${exec.stderr ? `: ${tail(exec.stderr)}` : ''}`, board.name, 'measure', { result: exec });
  }
  const bytes = Number(sized.stdout.trim());
  if (!Number.isFinite(bytes) || bytes > MAX_RESULT_BYTES) {
    throw new TransportError('HIL_AGENT_RESULT_INVALID', `measure on ${board.name}: the agent's result is ${sized.stdout.trim()} bytes, over the ${MAX_RESULT_BYTES / 1024 / 1024} MiB limit`, board.name, 'measure', { result: exec });
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hil-result-'));
  try {
    const local = path.join(dir, 'result.json');
    await transport.getFile(resultFile, local, { stage: 'fetch', ...limits });
    const text = await readFile(local, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new TransportError('HIL_AGENT_GARBAGE', `measure on ${board.name}: the agent's result is not valid JSON (${(cause as Error).message}): ${tail(text, 2).slice(0, 200)}`, board.name, 'measure', { cause, result: exec });
    }
    const problem = resultProblem(parsed);
    if (problem) throw new TransportError('HIL_AGENT_RESULT_INVALID', `measure on ${board.name}: the agent's result does not match its schema at ${problem}`, board.name, 'measure', { result: exec });
    return parsed as AgentResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The agent's serialized error as hil's own family, so the verdict/broken split survives SSH. */
function agentError(board: string, error: { family: string; code: string; message: string; where?: string; hint?: string }): HilError {
  const message = `on ${board}: ${error.message}`;
  if (error.family === 'config') return new ConfigError(error.code, message, { where: error.where, hint: error.hint });
  return new InfrastructureError(error.code, message, { where: error.where ?? board, hint: error.hint });
}
