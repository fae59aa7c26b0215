import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { InfrastructureError } from '../../errors.js';
import type { Transport } from '../../transport/transport.js';
import { BoardLease, type LeaseOptions } from './board-lease.js';
import { leaseOp, ownerFor, type LeaseOwner, type LeaseRecord } from './lease-ops.js';

/** "run 42 (github:org/repo/actions/runs/7/hil) on ci-3 pid 811, since 18:03:12 UTC (95 s), expires in 40 s unless renewed" */
export function describeHolder(holder: LeaseRecord, boardNow: number): string {
  const since = new Date(holder.acquiredAt).toISOString().slice(11, 19);
  const heldS = Math.max(0, Math.round((boardNow - holder.acquiredAt) / 1000));
  const leftS = Math.max(0, Math.round((holder.expiresAt - boardNow) / 1000));
  return `run ${holder.runId}${holder.ciJob ? ` (${holder.ciJob})` : ''} on ${holder.host} pid ${holder.pid}, since ${since} UTC board time (${heldS} s), expires in ${leftS} s unless renewed`;
}

export class LeaseBusyError extends InfrastructureError {
  readonly holder: LeaseRecord | null;
  constructor(board: string, holder: LeaseRecord | null, boardNow: number, waitedMs: number) {
    const who = holder ? describeHolder(holder, boardNow) : 'another run';
    super('HIL_LEASE_BUSY', `${board} is leased by ${who}${waitedMs > 0 ? `; waited ${Math.round(waitedMs / 1000)} s` : ''}`, {
      where: board,
      hint: 'wait for that run, or allow a longer wait with --lease-wait SECONDS (farm inventory: leaseWaitS)',
    });
    this.holder = holder;
  }
}

export interface AcquireOptions extends LeaseOptions {
  /** How long to wait for a busy board. @default 0 (fail at once) */
  waitMs?: number;
  /** Poll period while waiting. @default 2000 */
  pollMs?: number;
  signal?: AbortSignal;
  /** Called each time a board is found busy while waiting. */
  onBusy?: (board: string, holder: LeaseRecord | null) => void;
}

interface Busy {
  board: string;
  holder: LeaseRecord | null;
  boardNow: number;
}

/**
 * A lease left by a worker of this same run that died on this host (a board rebooted under it,
 * so its teardown could not release): provably stale, taken over at once instead of after its TTL.
 */
function heldByDeadWorkerOfRun(lease: LeaseRecord | null, runId: string): lease is LeaseRecord {
  if (!lease || lease.runId !== runId || lease.host !== os.hostname() || lease.pid === process.pid || !Number.isInteger(lease.pid)) return false;
  try {
    process.kill(lease.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Tries each board once; the first free (or expired) one is leased. */
async function tryBoards(transports: readonly Transport[], owner: () => LeaseOwner, options: AcquireOptions): Promise<{ lease?: BoardLease; busy: Busy[] }> {
  const busy: Busy[] = [];
  const ttlS = options.ttlS ?? 60;
  for (const transport of transports) {
    const o = owner();
    let sentAt = performance.now();
    let reply = await leaseOp(transport, 'acquire', o, ttlS, { signal: options.signal });
    if (reply.status === 'busy' && heldByDeadWorkerOfRun(reply.lease, options.runId)) {
      sentAt = performance.now();
      reply = await leaseOp(transport, 'acquire', o, ttlS, { signal: options.signal, staleToken: reply.lease.token });
    }
    if ((reply.status === 'acquired' || reply.status === 'reclaimed') && reply.lease) {
      return { lease: new BoardLease(transport, o, reply.lease, reply.previous, reply.dir, sentAt, options), busy };
    }
    options.onBusy?.(transport.board, reply.lease);
    busy.push({ board: transport.board, holder: reply.lease, boardNow: reply.boardNow });
  }
  return { busy };
}

/**
 * Leases one of `transports` (a device type's boards, or one named board): the first that is
 * free or whose lease expired, polling until `waitMs` has passed; then HIL_LEASE_BUSY naming
 * each holder.
 */
export async function acquireLease(transports: readonly Transport[], options: AcquireOptions): Promise<BoardLease> {
  const started = performance.now();
  const owner = (): LeaseOwner => ownerFor(options.runId, randomUUID());
  for (;;) {
    const { lease, busy } = await tryBoards(transports, owner, options);
    if (lease) return lease;
    const waited = performance.now() - started;
    const left = (options.waitMs ?? 0) - waited;
    if (left <= 0 || options.signal?.aborted) {
      const errors = busy.map((b) => new LeaseBusyError(b.board, b.holder, b.boardNow, waited));
      if (errors.length === 1) throw errors[0]!;
      throw new InfrastructureError('HIL_LEASE_BUSY', `every board is leased: ${errors.map((e) => e.message).join('; ')}`, {
        hint: 'wait for the other runs, or allow a longer wait with --lease-wait SECONDS (farm inventory: leaseWaitS)',
      });
    }
    await new Promise((r) => setTimeout(r, Math.min(left, options.pollMs ?? 2000)));
  }
}
