/**
 * The board's lease log (`leases.log` beside the lease, one line per event, written under the
 * lock: lease-script.ts), read back as intervals: when each lease held the board, on the board's
 * clock. Used to check after the fact that no two leases of one board ever overlapped.
 * Pure: the caller reads the file.
 */
export interface LeaseLogEvent {
  at: number;
  event: 'acquire' | 'reclaim' | 'renew' | 'release' | 'lost';
  leaseId: string;
  runId: string;
  host: string;
  pid: number;
  fields: Record<string, string>;
}

export interface LeaseInterval {
  leaseId: string;
  runId: string;
  pid: number;
  start: number;
  /** Release time; for a holder that died, its last confirmed expiry (or the moment it was provably dead and taken over). */
  end: number;
  ended: 'released' | 'expired' | 'taken-over-dead';
}

export function parseLeaseLog(text: string): LeaseLogEvent[] {
  const out: LeaseLogEvent[] = [];
  for (const line of text.split('\n')) {
    const [at, event, ...rest] = line.trim().split(' ');
    if (!at || !event || !/^\d+$/.test(at)) continue;
    const fields: Record<string, string> = {};
    for (const kv of rest) {
      const i = kv.indexOf('=');
      if (i > 0) fields[kv.slice(0, i)] = kv.slice(i + 1);
    }
    out.push({ at: Number(at), event: event as LeaseLogEvent['event'], leaseId: fields.leaseId ?? '', runId: fields.runId ?? '', host: fields.host ?? '', pid: Number(fields.pid), fields });
  }
  return out.sort((a, b) => a.at - b.at);
}

export function leaseIntervals(events: readonly LeaseLogEvent[]): LeaseInterval[] {
  const byId = new Map<string, LeaseInterval & { expiresAt: number }>();
  for (const e of events) {
    if (e.event === 'acquire' || e.event === 'reclaim') {
      byId.set(e.leaseId, { leaseId: e.leaseId, runId: e.runId, pid: e.pid, start: e.at, end: Infinity, ended: 'expired', expiresAt: Number(e.fields.expiresAt) });
      const prev = e.event === 'reclaim' ? byId.get(e.fields.prev ?? '') : undefined;
      // Taken over before its expiry: only a holder proven dead is (a worker of the same run, gone).
      if (prev && prev.end === Infinity && e.at < prev.expiresAt) {
        prev.end = e.at;
        prev.ended = 'taken-over-dead';
      }
    }
    const lease = byId.get(e.leaseId);
    if (!lease) continue;
    if (e.event === 'renew') lease.expiresAt = Math.max(lease.expiresAt, Number(e.fields.expiresAt));
    if (e.event === 'release' && lease.end === Infinity) {
      lease.end = e.at;
      lease.ended = 'released';
    }
  }
  return [...byId.values()].map(({ expiresAt, ...i }) => (i.end === Infinity ? { ...i, end: expiresAt } : i)).sort((a, b) => a.start - b.start);
}

/** Every pair of intervals that share any time (touching ends do not overlap). */
export function leaseOverlaps(intervals: readonly LeaseInterval[]): Array<[LeaseInterval, LeaseInterval]> {
  const out: Array<[LeaseInterval, LeaseInterval]> = [];
  for (let i = 0; i < intervals.length; i += 1) {
    for (let j = i + 1; j < intervals.length; j += 1) {
      const a = intervals[i]!;
      const b = intervals[j]!;
      if (a.start < b.end && b.start < a.end) out.push([a, b]);
    }
  }
  return out;
}
