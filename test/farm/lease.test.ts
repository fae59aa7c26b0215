/**
 * Leases on the board itself, over real SSH, between real processes: serialisation, reclaim after
 * a holder is killed, heartbeat, release only by the owner, release on SIGTERM, clock skew.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLease, LeaseBusyError } from '../../harness/src/devices/lease/acquire-lease.js';
import { leaseOp, ownerFor } from '../../harness/src/devices/lease/lease-ops.js';
import { DEVICES, startTestFarm, type TestFarm } from './farm-fixture.js';

let t: TestFarm;
const children: ChildProcess[] = [];
beforeAll(async () => {
  t = await startTestFarm(2);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await t?.stop();
});

interface Event {
  event: string;
  board: string;
  at: number;
  pid: number;
  record?: { runId: string; acquiredAt: number; expiresAt: number };
  reclaimedFrom?: { runId: string; expiresAt: number } | null;
}

/** Starts a lease-holding process; `events` fills as it prints. */
function holder(options: { device: string; runId: string; ttlS: number; holdMs: number; waitMs: number; heartbeatMs?: number }) {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'lease-holder.mjs')], {
    env: { ...process.env, LEASE_HOLDER: JSON.stringify({ ...options, farmFile: t.emulated.farmFile, devicesDir: DEVICES }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const events: Event[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    events.push(JSON.parse(line) as Event);
    waiters.splice(0).forEach((w) => w());
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = async (name: string): Promise<Event> => {
    for (;;) {
      const found = events.find((e) => e.event === name);
      if (found) return found;
      if (child.exitCode !== null) throw new Error(`holder exited ${child.exitCode} before "${name}": ${stderr}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
  };
  return { child, events, waitFor, exited, stderr: () => stderr };
}

describe('leases on the board', () => {
  it('serialises two processes aimed at one board', async () => {
    const a = holder({ device: 'tx2-01', runId: 'run-a', ttlS: 30, holdMs: 1500, waitMs: 60_000 });
    await a.waitFor('acquired');
    const b = holder({ device: 'tx2-01', runId: 'run-b', ttlS: 30, holdMs: 200, waitMs: 60_000 });
    const bAcquired = await b.waitFor('acquired');
    const aReleased = await a.waitFor('released');
    const aReleasing = await a.waitFor('releasing');
    // B got the board only after A let go of it; never both at once.
    expect(bAcquired.at).toBeGreaterThanOrEqual(aReleasing.at);
    expect(bAcquired.reclaimedFrom).toBeNull();
    expect(aReleased.board).toBe('tx2-01');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
  });

  it('a device type spreads two processes over its free boards', async () => {
    const a = holder({ device: 'jetson2', runId: 'run-c', ttlS: 30, holdMs: 1500, waitMs: 60_000 });
    const b = holder({ device: 'jetson2', runId: 'run-d', ttlS: 30, holdMs: 1500, waitMs: 60_000 });
    const boards = [(await a.waitFor('acquired')).board, (await b.waitFor('acquired')).board].sort();
    expect(boards).toEqual(['tx2-01', 'tx2-02']);
    await Promise.all([a.exited, b.exited]);
  });

  it('a killed holder leaves a lease that another process reclaims once it has expired', async () => {
    const a = holder({ device: 'tx2-02', runId: 'run-killed', ttlS: 3, heartbeatMs: 500, holdMs: 600_000, waitMs: 0 });
    const aAcquired = await a.waitFor('acquired');
    a.child.kill('SIGKILL');
    await a.exited;
    const b = holder({ device: 'tx2-02', runId: 'run-reclaimer', ttlS: 30, holdMs: 100, waitMs: 60_000 });
    const bAcquired = await b.waitFor('acquired');
    expect(bAcquired.reclaimedFrom?.runId).toBe('run-killed');
    // Taken over only after the dead lease expired, by the board's own clock.
    expect(bAcquired.record!.acquiredAt).toBeGreaterThanOrEqual(bAcquired.reclaimedFrom!.expiresAt);
    expect(bAcquired.reclaimedFrom!.expiresAt).toBeGreaterThanOrEqual(aAcquired.record!.expiresAt);
    expect(await b.exited).toBe(0);
  });

  it('SIGTERM releases the lease before the process ends', async () => {
    const a = holder({ device: 'tx2-01', runId: 'run-term', ttlS: 60, holdMs: 600_000, waitMs: 0 });
    await a.waitFor('acquired');
    a.child.kill('SIGTERM');
    await a.exited;
    const board = t.open('tx2-01');
    const reply = await leaseOp(board.transport, 'read', null, 1);
    expect(reply.lease).toBeNull();
  });

  it('the heartbeat keeps a short lease alive; others see it busy; only the owner releases it', async () => {
    const board = t.open('tx2-02');
    // Held past its TTL, so only renewals keep it; the TTL leaves 4 s of slack for a loaded machine.
    const lease = await acquireLease([board.transport], { runId: 'run-heartbeat', ttlS: 5, heartbeatMs: 500 });
    const firstExpiry = lease.record.expiresAt;
    await new Promise((r) => setTimeout(r, 6000));
    expect(lease.signal.aborted).toBe(false);
    const other = t.open('tx2-02');
    const busy = await acquireLease([other.transport], { runId: 'run-other', ttlS: 2 }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(LeaseBusyError);
    expect((busy as Error).message).toMatch(/^tx2-02 is leased by run run-heartbeat on .* pid \d+/);
    const read = await leaseOp(other.transport, 'read', null, 1);
    expect(read.lease?.expiresAt).toBeGreaterThan(firstExpiry);
    const stranger = await leaseOp(other.transport, 'release', ownerFor('run-other', 'not-the-token'), 1);
    expect(stranger.status).toBe('notowner');
    expect((await leaseOp(other.transport, 'read', null, 1)).lease?.runId).toBe('run-heartbeat');
    expect(await lease.release()).toBe('released');
    expect((await leaseOp(other.transport, 'read', null, 1)).lease).toBeNull();
  });

  it('host/board clock skew does not matter: expiry is the board\'s clock', async () => {
    t.emulated.boards[0]!.setState({ clockSkewS: -7200 });
    try {
      const board = t.open('tx2-01');
      const lease = await acquireLease([board.transport], { runId: 'run-skew', ttlS: 30 });
      // Board clock, epoch ms: two hours behind the host's.
      expect(lease.record.acquiredAt).toBeLessThan(Date.now() - 7000_000);
      expect(lease.record.expiresAt - lease.record.acquiredAt).toBe(30_000);
      const busy = await acquireLease([t.open('tx2-01').transport], { runId: 'run-skew-2', ttlS: 30 }).catch((e: unknown) => e);
      expect(busy).toBeInstanceOf(LeaseBusyError);
      await lease.release();
    } finally {
      t.emulated.boards[0]!.setState({ clockSkewS: 0 });
    }
  });
});
