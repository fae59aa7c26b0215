import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * One board lease of a run, as recorded in `<run>/leases/`: written when the lease is taken and
 * again when it ends, so overlap between runs on one board can be checked after the fact. Board
 * times are the board's clock (epoch ms), the clock every lease decision was made on.
 */
export interface LeaseProvenance {
  leaseId: string;
  board: string;
  runId: string;
  /** The board's lease folder. */
  dir: string;
  acquiredAt: number;
  /** null while held, or when the lease was lost rather than released. */
  releasedAt: number | null;
  /** The last expiry the board confirmed: nothing after it was reported under this lease. */
  confirmedUntil: number;
  /** Host clock, epoch ms: when the holder stopped trusting the lease. */
  lostAt?: number;
  lostReason?: string;
  reclaimedFrom?: { leaseId: string; runId: string; host: string; expiresAt: number } | null;
}

/** Where a run keeps its lease records (written by sessions/write-lease-record.ts). */
export const LEASES_FOLDER = 'leases';

export async function readLeaseRecords(runDir: string): Promise<LeaseProvenance[]> {
  const dir = path.join(runDir, LEASES_FOLDER);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const out: LeaseProvenance[] = [];
  for (const name of names) {
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => null);
    if (text) out.push(JSON.parse(text) as LeaseProvenance);
  }
  return out.sort((a, b) => a.acquiredAt - b.acquiredAt);
}
