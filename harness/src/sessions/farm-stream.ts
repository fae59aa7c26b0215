import { JOB_FORMAT, type AgentJob, type StreamResult } from '../engine/job.js';
import type { Board } from '../devices/board.js';
import { deployFiles } from '../devices/deploy/deploy-cache.js';
import { runAgentJob } from '../devices/deploy/run-agent-job.js';
import { ConfigError } from '../errors.js';
import { leaseHealthyBoard, type LeaseHealthyBoardOptions, type LeasedBoard } from './lease-healthy-board.js';
import { retrySetup } from '../devices/retry.js';
import type { ResolvedModel, StreamRunParams } from './device-session.js';
import { agentSpecOf, streamParamsFor } from './stream-run.js';

/**
 * Leases up to `wanted` of `boards` that are free right now (no waiting: a busy board is simply
 * not part of this wall), each exactly as a worker leases its own board: same TTL and heartbeat,
 * health check, cache housekeeping, performance mode. Busy, unreachable or unhealthy boards are
 * skipped (the last two quarantined for the run); a config error (unsafe workdir) fails the run.
 */
export async function leaseFreeBoards(boards: readonly Board[], wanted: number, options: Omit<LeaseHealthyBoardOptions, 'waitMs'>): Promise<LeasedBoard[]> {
  const leased: LeasedBoard[] = [];
  for (const board of boards) {
    if (leased.length >= wanted || options.signal?.aborted) break;
    try {
      leased.push(await leaseHealthyBoard([board], { ...options, waitMs: 0 }));
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      // Busy, unreachable or unhealthy: the streams go to the boards that are.
    }
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
