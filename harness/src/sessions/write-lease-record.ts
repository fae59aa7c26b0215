import path from 'node:path';
import { writeFileAtomicSync } from '../files/atomic-write.js';
import { safeFileName } from '../files/safe-name.js';
import { LEASES_FOLDER, type LeaseProvenance } from '../results/lease-record.js';

/** Records a lease in `<run>/leases/<leaseId>.json` (atomically: a reader never sees half of one). */
export function writeLeaseRecord(runDir: string, lease: LeaseProvenance): void {
  writeFileAtomicSync(path.join(runDir, LEASES_FOLDER, `${safeFileName(lease.leaseId)}.json`), `${JSON.stringify(lease, null, 2)}\n`);
}
