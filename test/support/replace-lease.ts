import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Puts another holder's lease on an emulated board, as a real taker does: under the lease folder's
 * lock. Written without it, a renewal running at that moment (it reads the holder, then rewrites
 * the file) would overwrite the new holder, and the takeover would never have happened.
 */
export function replaceLeaseOnBoard(leaseDir: string, holder: { token: string; leaseId: string; runId: string; host: string; ttlS: number }): void {
  const now = Date.now();
  const content = `token=${holder.token}\nleaseId=${holder.leaseId}\nrunId=${holder.runId}\nciJob=\nhost=${holder.host}\npid=1\nacquiredAt=${now}\nrenewedAt=${now}\nexpiresAt=${now + holder.ttlS * 1000}\nttlS=${holder.ttlS}\n`;
  execFileSync('flock', [path.join(leaseDir, 'lease.lock'), 'sh', '-c', 'cat > "$1"', 'sh', path.join(leaseDir, 'lease')], { input: content });
}
