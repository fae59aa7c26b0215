import type { Board } from '../devices/board.js';
import { pruneBoardCache, type CachePruneReport } from '../devices/deploy/prune-board-cache.js';
import { checkBoardHealth } from '../devices/health-check.js';
import type { BoardCapabilities } from '../devices/probes/capabilities-parse.js';
import { acquireLease } from '../devices/lease/acquire-lease.js';
import type { BoardLease } from '../devices/lease/board-lease.js';
import { retrySetup } from '../devices/retry.js';
import { ConfigError } from '../errors.js';
import { writeLeaseRecord } from './write-lease-record.js';
import { setPerfMode, type PerfModeOutcome } from './prepare-board.js';
import { RunQuarantine } from './run-quarantine.js';

/** What was done to the board when it was leased: perf mode set, cache kept within budget. */
export interface BoardSetup {
  perfMode: PerfModeOutcome;
  cache: CachePruneReport | { failed: string };
  /** Why hil's agent cannot run on the board (too old a glibc), from its health check. */
  agentUnavailable?: string;
  /** What the board can do, probed by its health check, and where the profile expected otherwise. */
  capabilities?: BoardCapabilities;
  mismatches?: string[];
}

export interface LeaseHealthyBoardOptions {
  runId: string;
  /** The run folder: the run's quarantine and its lease records are kept there. */
  runDir: string;
  ttlS: number;
  /** How long to wait for a busy board (--lease-wait). */
  waitMs: number;
  connectTimeoutMs: number;
  signal?: AbortSignal;
}

export interface LeasedBoard {
  board: Board;
  lease: BoardLease;
  setup: BoardSetup;
}

/**
 * Leases a healthy, prepared board for one worker: every board hil measures on (a worker's, and
 * each board of a stream wall) goes through here, so each gets the same lease TTL, heartbeat,
 * health check, cache housekeeping and performance mode. Boards quarantined earlier in the run
 * are skipped; the others are reached first (connect is a setup stage: retried a bounded number of
 * times). A board that cannot be reached or fails its check is quarantined for the rest of the run
 * and the error thrown: the check that needed it is `broken`, the next worker takes the others.
 * A bad inventory entry (an unsafe workdir) is a config error and fails the run at once.
 */
export async function leaseHealthyBoard(boards: readonly Board[], options: LeaseHealthyBoardOptions): Promise<LeasedBoard> {
  const quarantine = new RunQuarantine(options.runDir);
  const usable = (): Board[] => boards.filter((b) => !quarantine.has(b.name));
  const failures: Error[] = [];
  await Promise.all(
    usable().map(async (board) => {
      try {
        await retrySetup('connect', () => board.transport.connect({ timeoutMs: options.connectTimeoutMs, signal: options.signal }), { signal: options.signal });
      } catch (error) {
        if (options.signal?.aborted || error instanceof ConfigError) throw error;
        quarantine.add(board.name, error as Error);
        failures.push(error as Error);
      }
    }),
  );
  const started = performance.now();
  for (;;) {
    const candidates = usable();
    if (candidates.length === 0) throw failures[0] ?? quarantine.error(boards[0]!.name);
    const lease = await acquireLease(
      candidates.map((b) => b.transport),
      {
        runId: options.runId,
        ttlS: options.ttlS,
        waitMs: Math.max(0, options.waitMs - (performance.now() - started)),
        signal: options.signal,
        onEnd: (summary) => writeLeaseRecord(options.runDir, summary),
      },
    );
    writeLeaseRecord(options.runDir, lease.summary);
    const board = candidates.find((b) => b.name === lease.board)!;
    // Another worker may have quarantined it while this one waited for it.
    if (quarantine.has(board.name)) {
      await lease.release().catch(() => undefined);
      continue;
    }
    try {
      return { board, lease, setup: await prepareLeasedBoard(board, lease, options, quarantine) };
    } catch (error) {
      await lease.release().catch(() => undefined);
      throw error;
    }
  }
}

async function prepareLeasedBoard(board: Board, lease: BoardLease, options: LeaseHealthyBoardOptions, quarantine: RunQuarantine): Promise<BoardSetup> {
  const limits = { timeoutMs: options.connectTimeoutMs, signal: lease.signal };
  // Housekeeping first, so old models filling the disk are evicted rather than failing the
  // health check. Best effort: a board that cannot even list its cache fails the check next.
  const cache = await pruneBoardCache(board.transport, board.profile.cache, limits).catch((error: unknown) => ({
    failed: error instanceof Error ? error.message : String(error),
  }));
  const health = await checkBoardHealth(board, limits);
  if (!health.ok) {
    quarantine.add(board.name, health.failure!);
    throw health.failure!;
  }
  const perfMode = await setPerfMode(board, limits);
  return {
    perfMode,
    cache,
    ...(health.agentUnavailable ? { agentUnavailable: health.agentUnavailable } : {}),
    ...(health.capabilities ? { capabilities: health.capabilities, mismatches: health.mismatches ?? [] } : {}),
  };
}
