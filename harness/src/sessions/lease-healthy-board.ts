import type { Board } from '../devices/board.js';
import { pruneBoardCache, type CachePruneReport } from '../devices/deploy/prune-board-cache.js';
import { checkBoardHealth, type HealthReport } from '../devices/health-check.js';
import { acquireLease, type BoardLease } from '../devices/lease/board-lease.js';
import { retrySetup } from '../devices/retry.js';
import { RunQuarantine } from './run-quarantine.js';

export interface LeaseHealthyBoardOptions {
  runId: string;
  /** The run folder, where the run's quarantine is kept. */
  runDir: string;
  ttlS: number;
  /** How long to wait for a busy board. */
  waitMs: number;
  connectTimeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Leases a healthy board for one worker. Boards quarantined earlier in the run are skipped; the
 * others are reached first (connect is a setup stage: retried, a bounded number of times), and
 * the leased board passes its health check before any job runs on it. A board that cannot be
 * reached or fails its check is quarantined for the rest of the run and the error is thrown: the
 * check that needed the board is `broken`, the next worker takes the other boards.
 */
export async function leaseHealthyBoard(boards: readonly Board[], options: LeaseHealthyBoardOptions): Promise<{ board: Board; lease: BoardLease; health: HealthReport; cache: CachePruneReport | { failed: string } }> {
  const quarantine = new RunQuarantine(options.runDir);
  const usable = (): Board[] => boards.filter((b) => !quarantine.has(b.name));
  const failures: Error[] = [];
  await Promise.all(
    usable().map(async (board) => {
      try {
        await retrySetup('connect', () => board.transport.connect({ timeoutMs: options.connectTimeoutMs, signal: options.signal }), { signal: options.signal });
      } catch (error) {
        if (options.signal?.aborted) throw error;
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
      { runId: options.runId, ttlS: options.ttlS, waitMs: Math.max(0, options.waitMs - (performance.now() - started)), signal: options.signal },
    );
    const board = candidates.find((b) => b.name === lease.board)!;
    // Another worker may have quarantined it while this one waited for it.
    if (quarantine.has(board.name)) {
      await lease.release().catch(() => undefined);
      continue;
    }
    // Housekeeping first, so old models filling the disk are evicted rather than failing the
    // health check. Best effort: a board that cannot even list its cache fails the check next.
    const cache = await pruneBoardCache(board.transport, board.profile.cache, { timeoutMs: options.connectTimeoutMs, signal: lease.signal }).catch((error: unknown) => ({
      failed: error instanceof Error ? error.message : String(error),
    }));
    const health = await checkBoardHealth(board, { timeoutMs: options.connectTimeoutMs, signal: lease.signal });
    if (!health.ok) {
      quarantine.add(board.name, health.failure!);
      await lease.release().catch(() => undefined);
      throw health.failure!;
    }
    return { board, lease, health, cache };
  }
}
