import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelMeasurement } from './check-result.js';
import type { CheckRecord } from './check-record.js';
import { readLeaseRecords, type LeaseProvenance } from './lease-record.js';

async function readJsonDir<T>(dir: string): Promise<T[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: T[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    out.push(JSON.parse(await readFile(path.join(dir, name), 'utf8')) as T);
  }
  return out;
}

/**
 * Everything a run left on disk: check records and per-model measurements. `decided` reads the
 * run's decision (`decision.json`, written by `hil run` when it ended: one record per planned
 * check, a missing one broken) where there is one; the raw records otherwise.
 */
export async function readRun(runDir: string, options: { decided?: boolean } = {}): Promise<{ checks: CheckRecord[]; measurements: ModelMeasurement[]; leases: LeaseProvenance[] }> {
  const decision = options.decided
    ? await readFile(path.join(runDir, 'decision.json'), 'utf8').then((t) => (JSON.parse(t) as { checks: CheckRecord[] }).checks, () => null)
    : null;
  const [checks, measurements, leases] = await Promise.all([
    decision ?? readJsonDir<CheckRecord>(path.join(runDir, 'checks')),
    readJsonDir<ModelMeasurement>(path.join(runDir, 'measurements')),
    readLeaseRecords(runDir),
  ]);
  return { checks, measurements: measurements.map((m) => withLeaseEnd(m, leases)), leases };
}

/**
 * A measurement records its lease when it is taken; the lease's end is known only later, from the
 * run's lease records: filled in here, so each result carries {board, runId, acquiredAt, releasedAt}.
 */
function withLeaseEnd(m: ModelMeasurement, leases: readonly LeaseProvenance[]): ModelMeasurement {
  const lease = m.provenance?.lease as { leaseId?: string } | undefined;
  const ended = lease?.leaseId ? leases.find((l) => l.leaseId === lease.leaseId) : undefined;
  if (!ended) return m;
  return { ...m, provenance: { ...m.provenance, lease: { ...lease, ...ended } } };
}
