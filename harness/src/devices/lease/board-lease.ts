import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { InfrastructureError } from '../../errors.js';
import type { Transport } from '../../transport/transport.js';
import { leaseOp, ownerFor, type LeaseOwner, type LeaseRecord } from './lease-ops.js';
import { trackLease, untrackLease } from './release-on-signal.js';

export interface LeaseOptions {
  runId: string;
  /** Lease lifetime without a heartbeat. @default 60 */
  ttlS?: number;
  /** Heartbeat period. @default ttlS / 3 */
  heartbeatMs?: number;
}

/**
 * A lease this process holds on a board: renewed by a heartbeat while it lives, released on
 * release() or on SIGINT/SIGTERM. `signal` aborts when the lease is lost (taken over after the
 * heartbeat failed for a whole TTL): pass it to the board's work so nothing runs unleased.
 */
export class BoardLease {
  readonly board: string;
  readonly owner: LeaseOwner;
  readonly ttlS: number;
  /** The expired lease this one took over, if any. */
  readonly reclaimedFrom: LeaseRecord | null;
  record: LeaseRecord;
  readonly #transport: Transport;
  readonly #lost = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #lastRenewAt = performance.now();
  #renewing: Promise<void> | undefined;
  #released = false;

  constructor(transport: Transport, owner: LeaseOwner, record: LeaseRecord, reclaimedFrom: LeaseRecord | null, options: LeaseOptions) {
    this.#transport = transport;
    this.board = transport.board;
    this.owner = owner;
    this.record = record;
    this.reclaimedFrom = reclaimedFrom;
    this.ttlS = options.ttlS ?? 60;
    const period = options.heartbeatMs ?? (this.ttlS * 1000) / 3;
    this.#timer = setInterval(() => void this.renew(), period);
    this.#timer.unref();
    trackLease(this);
  }

  get signal(): AbortSignal {
    return this.#lost.signal;
  }

  /** One heartbeat; never throws (a failure shows as `signal` aborting once the TTL has passed). */
  renew(): Promise<void> {
    this.#renewing ??= this.#renewOnce().finally(() => (this.#renewing = undefined));
    return this.#renewing;
  }

  async #renewOnce(): Promise<void> {
    if (this.#released || this.#lost.signal.aborted) return;
    try {
      const reply = await leaseOp(this.#transport, 'renew', this.owner, this.ttlS, { timeoutMs: Math.max(5000, this.ttlS * 500) });
      if (reply.status === 'renewed' && reply.lease) {
        this.record = reply.lease;
        this.#lastRenewAt = performance.now();
        return;
      }
      const by = reply.lease ? ` (now held by run ${reply.lease.runId} on ${reply.lease.host})` : '';
      this.#lose(`the lease on ${this.board} was taken over${by}`);
    } catch (error) {
      if (performance.now() - this.#lastRenewAt > this.ttlS * 1000) {
        this.#lose(`the lease on ${this.board} expired: no heartbeat for ${this.ttlS} s (${(error as Error).message})`);
      }
    }
  }

  #lose(message: string): void {
    clearInterval(this.#timer);
    untrackLease(this);
    this.#lost.abort(new InfrastructureError('HIL_LEASE_LOST', message, { where: this.board }));
  }

  /** Releases the lease if this process still owns it; idempotent. */
  async release(): Promise<'released' | 'not-owner' | 'free'> {
    if (this.#released) return 'released';
    this.#released = true;
    clearInterval(this.#timer);
    untrackLease(this);
    await this.#renewing?.catch(() => undefined);
    const reply = await leaseOp(this.#transport, 'release', this.owner, this.ttlS, { timeoutMs: 15_000 });
    return reply.status === 'released' ? 'released' : reply.status === 'free' ? 'free' : 'not-owner';
  }
}

export class LeaseBusyError extends InfrastructureError {
  readonly holder: LeaseRecord | null;
  constructor(board: string, holder: LeaseRecord | null, boardNow: number, waitedMs: number) {
    const who = holder ? `run ${holder.runId}${holder.ciJob ? ` (${holder.ciJob})` : ''} on ${holder.host} pid ${holder.pid}, for ${Math.max(0, holder.expiresAt - boardNow)} s more unless renewed` : 'another run';
    super('HIL_LEASE_BUSY', `${board} is leased by ${who}${waitedMs > 0 ? `; waited ${Math.round(waitedMs / 1000)} s` : ''}`, { where: board });
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

/** Tries each board once; the first free (or expired) one is leased. */
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

async function tryBoards(transports: readonly Transport[], owner: (t: Transport) => LeaseOwner, options: AcquireOptions): Promise<{ lease?: BoardLease; busy: Busy[] }> {
  const busy: Busy[] = [];
  for (const transport of transports) {
    const o = owner(transport);
    let reply = await leaseOp(transport, 'acquire', o, options.ttlS ?? 60, { signal: options.signal });
    if (reply.status === 'busy' && heldByDeadWorkerOfRun(reply.lease, options.runId)) {
      reply = await leaseOp(transport, 'acquire', o, options.ttlS ?? 60, { signal: options.signal, staleToken: reply.lease.token });
    }
    if ((reply.status === 'acquired' || reply.status === 'reclaimed') && reply.lease) {
      return { lease: new BoardLease(transport, o, reply.lease, reply.previous, options), busy };
    }
    options.onBusy?.(transport.board, reply.lease);
    busy.push({ board: transport.board, holder: reply.lease, boardNow: reply.boardNow });
  }
  return { busy };
}

/**
 * Leases one of `transports` (a device type's boards, or one named board): the first that is
 * free or whose lease expired, polling until `waitMs` has passed.
 */
export async function acquireLease(transports: readonly Transport[], options: AcquireOptions): Promise<BoardLease> {
  const started = performance.now();
  const owner = (): LeaseOwner => ownerFor(options.runId, randomUUID());
  for (;;) {
    const { lease, busy } = await tryBoards(transports, owner, options);
    if (lease) return lease;
    const waited = performance.now() - started;
    if (waited >= (options.waitMs ?? 0) || options.signal?.aborted) {
      const errors = busy.map((b) => new LeaseBusyError(b.board, b.holder, b.boardNow, waited));
      if (errors.length === 1) throw errors[0]!;
      throw new InfrastructureError('HIL_LEASE_BUSY', `every board is leased: ${errors.map((e) => e.message).join('; ')}`, { hint: 'wait for the other runs, or allow a longer lease wait' });
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 2000));
  }
}
