import { InfrastructureError } from '../../errors.js';
import type { LeaseProvenance } from '../../results/lease-record.js';
import type { Transport } from '../../transport/transport.js';
import { leaseOp, type LeaseOwner, type LeaseRecord } from './lease-ops.js';
import { trackLease, untrackLease } from './release-on-signal.js';

export interface LeaseOptions {
  runId: string;
  /** Lease lifetime without a heartbeat. @default 60 */
  ttlS?: number;
  /** Heartbeat period. @default ttlS / 3 */
  heartbeatMs?: number;
  /** Called once when the lease ends (released, or lost), with its provenance. */
  onEnd?: (summary: LeaseSummary) => void;
}

/** A lease's provenance, recorded with results: overlap on a board can be checked after the fact. */
export type LeaseSummary = LeaseProvenance;

/** How much earlier than the board's expiry the holder stops trusting its lease. */
export function leaseMarginMs(ttlS: number): number {
  return Math.max(1000, ttlS * 100);
}

/**
 * A lease this process holds on a board: renewed by a heartbeat, released on release() or on
 * SIGINT/SIGTERM. The holder keeps a local deadline, the send time of the last renewal the board
 * confirmed + TTL − margin (the board stamped its expiry after that send, so the deadline always
 * falls before the board's expiry). Past the deadline, or when a renewal finds the lease taken
 * over, `signal` aborts with HIL_LEASE_LOST: pass it down to the board's work, so nothing runs,
 * and nothing is reported, on a board this run no longer holds.
 */
export class BoardLease {
  readonly board: string;
  readonly owner: LeaseOwner;
  readonly ttlS: number;
  readonly dir: string;
  /** The expired lease this one took over, if any. */
  readonly reclaimedFrom: LeaseRecord | null;
  record: LeaseRecord;
  readonly #transport: Transport;
  readonly #lost = new AbortController();
  readonly #onEnd: LeaseOptions['onEnd'];
  #heartbeat: NodeJS.Timeout | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #confirmedAt: number;
  #lastError: string | undefined;
  #renewing: Promise<void> | undefined;
  #released = false;
  #summary: LeaseSummary;

  /** `sentAt`: performance.now() when the acquire that granted `record` was sent. */
  constructor(transport: Transport, owner: LeaseOwner, record: LeaseRecord, reclaimedFrom: LeaseRecord | null, dir: string, sentAt: number, options: LeaseOptions) {
    this.#transport = transport;
    this.board = transport.board;
    this.owner = owner;
    this.record = record;
    this.reclaimedFrom = reclaimedFrom;
    this.dir = dir;
    this.ttlS = options.ttlS ?? 60;
    this.#onEnd = options.onEnd;
    this.#confirmedAt = sentAt;
    this.#summary = {
      leaseId: owner.leaseId,
      board: this.board,
      runId: owner.runId,
      dir,
      acquiredAt: record.acquiredAt,
      releasedAt: null,
      confirmedUntil: record.expiresAt,
      reclaimedFrom: reclaimedFrom ? { leaseId: reclaimedFrom.leaseId, runId: reclaimedFrom.runId, host: reclaimedFrom.host, expiresAt: reclaimedFrom.expiresAt } : null,
    };
    this.#heartbeat = setInterval(() => void this.renew(), options.heartbeatMs ?? (this.ttlS * 1000) / 3);
    this.#heartbeat.unref();
    this.#armDeadline();
    trackLease(this);
  }

  get signal(): AbortSignal {
    return this.#lost.signal;
  }

  /** Provenance so far (releasedAt set once released). */
  get summary(): LeaseSummary {
    return { ...this.#summary };
  }

  /** Local time left before this process stops trusting the lease. */
  #remainingMs(): number {
    return this.#confirmedAt + this.ttlS * 1000 - leaseMarginMs(this.ttlS) - performance.now();
  }

  #armDeadline(): void {
    clearTimeout(this.#deadline);
    this.#deadline = setTimeout(() => {
      const silentS = ((performance.now() - this.#confirmedAt) / 1000).toFixed(1);
      this.#lose(`lease lost on ${this.board}: no renewal confirmed for ${silentS} s (TTL ${this.ttlS} s)${this.#lastError ? `; last attempt: ${this.#lastError}` : ''}`);
    }, Math.max(0, this.#remainingMs()));
    this.#deadline.unref();
  }

  /** One heartbeat; never throws (a failure shows as `signal` aborting at the deadline). */
  renew(): Promise<void> {
    this.#renewing ??= this.#renewOnce().finally(() => (this.#renewing = undefined));
    return this.#renewing;
  }

  async #renewOnce(): Promise<void> {
    if (this.#released || this.#lost.signal.aborted) return;
    const sentAt = performance.now();
    try {
      const reply = await leaseOp(this.#transport, 'renew', this.owner, this.ttlS, { timeoutMs: Math.max(1000, this.#remainingMs()), signal: this.#lost.signal });
      if (this.#lost.signal.aborted) return;
      if (reply.status === 'renewed' && reply.lease) {
        this.record = reply.lease;
        this.#summary.confirmedUntil = reply.lease.expiresAt;
        this.#confirmedAt = sentAt;
        this.#lastError = undefined;
        this.#armDeadline();
        return;
      }
      const by = reply.lease ? `: now held by run ${reply.lease.runId} on ${reply.lease.host} (lease ${reply.lease.leaseId})` : ': the board has no lease for it any more';
      this.#lose(`lease lost on ${this.board}: taken over${by}`);
    } catch (error) {
      this.#lastError = (error as Error).message;
    }
  }

  #lose(message: string): void {
    if (this.#lost.signal.aborted) return;
    this.#stopTimers();
    untrackLease(this);
    this.#summary.lostAt = Date.now();
    this.#summary.lostReason = message;
    this.#onEnd?.(this.summary);
    this.#lost.abort(new InfrastructureError('HIL_LEASE_LOST', message, { where: this.board, hint: 'results measured after the deadline are discarded; check the board link and its load, or raise lease.ttlS' }));
  }

  /**
   * Throws HIL_LEASE_LOST unless the lease covered the board until `boardEpochMs` (board clock):
   * a measurement that ended after the last confirmed expiry, or after the lease was lost, is not
   * reported.
   */
  assertCovers(boardEpochMs: number, what: string): void {
    if (this.#lost.signal.aborted) throw this.#lost.signal.reason as Error;
    if (boardEpochMs > this.#summary.confirmedUntil) {
      throw new InfrastructureError('HIL_LEASE_LOST', `lease lost on ${this.board}: ${what} ended at ${new Date(boardEpochMs).toISOString()}, after the lease's confirmed expiry ${new Date(this.#summary.confirmedUntil).toISOString()} (board clock); discarded`, { where: this.board });
    }
  }

  #stopTimers(): void {
    clearInterval(this.#heartbeat);
    clearTimeout(this.#deadline);
  }

  /** Releases the lease if this process still owns it; idempotent. */
  async release(): Promise<'released' | 'not-owner' | 'free'> {
    if (this.#released) return 'released';
    this.#released = true;
    this.#stopTimers();
    untrackLease(this);
    await this.#renewing?.catch(() => undefined);
    const reply = await leaseOp(this.#transport, 'release', this.owner, this.ttlS, { timeoutMs: 15_000 });
    const outcome = reply.status === 'released' ? 'released' : reply.status === 'free' ? 'free' : 'not-owner';
    if (!this.#lost.signal.aborted) {
      // A lease that lost its owner ended at its expiry, not at this release.
      this.#summary.releasedAt = outcome === 'released' ? reply.boardNow : null;
      if (outcome !== 'released') this.#summary.lostReason = `at release the board no longer held this lease (${outcome})`;
      this.#onEnd?.(this.summary);
    }
    return outcome;
  }
}
