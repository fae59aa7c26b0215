import { JOB_FORMAT, type AgentJob, type StreamResult } from '../engine/job.js';
import type { Board } from '../devices/board.js';
import { checkBoardHealth } from '../devices/health-check.js';
import { RunQuarantine } from './run-quarantine.js';
import { deployFiles } from '../devices/deploy/deploy-cache.js';
import { runAgentJob } from '../devices/deploy/run-agent-job.js';
import { acquireLease, type BoardLease } from '../devices/lease/board-lease.js';
import { retrySetup } from '../devices/retry.js';
import type { ResolvedModel, StreamRunParams } from './device-session.js';
import { agentSpecOf, streamParamsFor } from './stream-run.js';

/**
 * Leases up to `wanted` of `boards` that are free right now (no waiting: a busy board is simply
 * not part of this wall). Unreachable or busy boards are skipped.
 */
export async function leaseFreeBoards(
  boards: readonly Board[],
  wanted: number,
  options: { runId: string; runDir: string; timeoutMs: number; signal?: AbortSignal },
): Promise<Array<{ board: Board; lease: BoardLease }>> {
  // The wall's extra boards pass the same gate as a worker's: not quarantined in this run, and healthy.
  const quarantine = new RunQuarantine(options.runDir);
  const leased: Array<{ board: Board; lease: BoardLease }> = [];
  for (const board of boards) {
    if (leased.length >= wanted || options.signal?.aborted) break;
    if (quarantine.has(board.name)) continue;
    let lease: BoardLease;
    try {
      lease = await acquireLease([board.transport], { runId: options.runId, ttlS: 60, waitMs: 0, signal: options.signal });
    } catch {
      // Busy or unreachable: the streams go to the boards that are free.
      continue;
    }
    const health = await checkBoardHealth(board, { timeoutMs: options.timeoutMs, signal: lease.signal }).catch((error: Error) => ({ ok: false, failure: error }));
    if (!health.ok) {
      quarantine.add(board.name, health.failure ?? new Error(`health check of ${board.name} failed`));
      await lease.release().catch(() => undefined);
      continue;
    }
    leased.push({ board, lease });
  }
  return leased;
}

/**
 * One stream job on one board: the frame file is deployed by hash (like a model, once per board),
 * then the agent runs `streams` streams there and times them on the board.
 */
export async function runStreamJob(
  board: Board,
  model: ResolvedModel,
  frameFile: string,
  params: StreamRunParams,
  limits: { timeoutMs: number; deployTimeoutMs: number; signal?: AbortSignal },
): Promise<StreamResult> {
  const deployed = await retrySetup('deploy', () => deployFiles(board.transport, [frameFile], { timeoutMs: limits.deployTimeoutMs, signal: limits.signal, stage: 'deploy' }), {
    signal: limits.signal,
  });
  const job: AgentJob = {
    format: JOB_FORMAT,
    modelPath: model.filePath,
    spec: agentSpecOf(model.spec),
    // The path on the board: runAgentJob passes scenario params through untouched.
    scenarios: [streamParamsFor(deployed.files[0]!.remotePath, params)],
  };
  const run = await runAgentJob(board, job, { timeoutMs: limits.timeoutMs, deployTimeoutMs: limits.deployTimeoutMs, signal: limits.signal });
  return run.result.scenarios[0] as StreamResult;
}
