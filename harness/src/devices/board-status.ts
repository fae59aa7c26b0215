import path from 'node:path';
import type { Farm } from './load-farm.js';
import type { DeviceProfiles } from './load-profiles.js';
import { openBoard } from './board.js';
import { CACHE_FOLDERS, kbToMb } from './deploy/cache-eviction.js';
import { QUARANTINE_NOTE } from './health-check.js';
import { leaseOp } from './lease/lease-ops.js';

export type BoardState = 'free' | 'leased' | 'quarantined' | 'unreachable';

export interface BoardStatus {
  name: string;
  type: string;
  address: string;
  emulated: boolean;
  tags: string[];
  state: BoardState;
  lease: null | {
    runId: string;
    ciJob: string | null;
    host: string;
    pid: number;
    leaseId: string;
    /** Seconds since it was acquired (board clock). */
    sinceS: number;
    /** The board's lease folder. */
    dir: string;
    /** Seconds left on the board's clock; negative = expired, reclaimable. */
    expiresInS: number;
    /** The expiry on this machine's clock (board clock offset applied). */
    expiresAt: string;
  };
  /** hil's cache on the board (models, tensors, engines, agent builds) against the profile's budget; null when unreachable. */
  cache: { usedMb: number; maxMb: number } | null;
  /** Why quarantined or unreachable. */
  detail: string | null;
}

// Total KB of hil's cache folders, named after the workdir (0 when none exists yet).
const CACHE_KB = 'cd "$1" 2>/dev/null || { echo 0; exit 0; }; shift; du -skc "$@" 2>/dev/null | tail -n 1 | cut -f1';

/** Each board's state as its own files say (lease, quarantine note); boards are asked in parallel. */
export async function listBoardStatus(farm: Farm, profiles: DeviceProfiles, options: { timeoutMs?: number } = {}): Promise<BoardStatus[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return Promise.all(
    farm.boards.map(async (spec): Promise<BoardStatus> => {
      const base = { name: spec.name, type: spec.type, address: `${spec.user}@${spec.host}:${spec.port}`, emulated: spec.emulated, tags: spec.tags, lease: null, cache: null, detail: null };
      const profile = profiles.get(spec.type);
      if (!profile) return { ...base, state: 'unreachable', detail: `unknown device type ${spec.type}` };
      const board = openBoard({ kind: 'ssh', ...spec }, profile, { connectTimeoutMs: timeoutMs });
      try {
        await board.transport.connect({ timeoutMs });
        const reply = await leaseOp(board.transport, 'read', null, 1, { timeoutMs });
        const note = await board.transport.exec(['cat', path.posix.join(board.transport.workdir, QUARANTINE_NOTE)], { stage: 'status', timeoutMs });
        const cacheKb = Number((await board.transport.exec(['sh', '-c', CACHE_KB, 'sh', board.transport.workdir, ...CACHE_FOLDERS], { stage: 'status', timeoutMs })).stdout.trim());
        const cache = Number.isFinite(cacheKb) ? { usedMb: kbToMb(cacheKb), maxMb: profile.cache.maxMb } : null;
        const lease = reply.lease
          ? {
              runId: reply.lease.runId,
              ciJob: reply.lease.ciJob,
              host: reply.lease.host,
              pid: reply.lease.pid,
              leaseId: reply.lease.leaseId,
              sinceS: Math.round((reply.boardNow - reply.lease.acquiredAt) / 1000),
              expiresInS: Math.round((reply.lease.expiresAt - reply.boardNow) / 1000),
              // Host time: the board's clock may be skewed, the remaining time is not.
              expiresAt: new Date(Date.now() + (reply.lease.expiresAt - reply.boardNow)).toISOString(),
              dir: reply.dir,
            }
          : null;
        const quarantined = note.exitCode === 0 && note.stdout.trim() !== '';
        const leased = lease !== null && lease.expiresInS > 0;
        return { ...base, lease, cache, state: quarantined ? 'quarantined' : leased ? 'leased' : 'free', detail: quarantined ? note.stdout.trim() : null };
      } catch (error) {
        return { ...base, state: 'unreachable', detail: (error as Error).message };
      } finally {
        await board.transport.close();
      }
    }),
  );
}

/** A plain table for the console. */
export function formatBoardStatus(rows: readonly BoardStatus[]): string {
  const lines = rows.map((r) => {
    let what: string = r.state;
    if (r.lease && r.lease.expiresInS > 0) what += ` by run ${r.lease.runId}${r.lease.ciJob ? ` (${r.lease.ciJob})` : ''} on ${r.lease.host} for ${r.lease.sinceS} s, until ${r.lease.expiresAt} unless renewed`;
    else if (r.lease) what += ` (expired lease of run ${r.lease.runId}, reclaimable)`;
    if (r.detail) what += `: ${r.detail}`;
    const cache = r.cache ? `${r.cache.usedMb}/${r.cache.maxMb} MB` : '-';
    return [r.name, r.type + (r.emulated ? ' (emulated)' : ''), r.address, cache, what];
  });
  const header = ['BOARD', 'TYPE', 'ADDRESS', 'CACHE', 'STATE'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}
