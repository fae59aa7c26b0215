/**
 * What makes the lease safe, over real SSH on emulated boards: one lease per board whatever the
 * inventory's workdir, the kernel's lock (a slow holder is waited for, never broken), a frozen link
 * or a taken-over lease stops the holder within its TTL, and the board logs every lease event.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLease, LeaseBusyError } from '../../harness/src/devices/lease/acquire-lease.js';
import { leaseMarginMs } from '../../harness/src/devices/lease/board-lease.js';
import { openBoard } from '../../harness/src/devices/board.js';
import { startTestFarm, type TestFarm } from './farm-fixture.js';
import { replaceLeaseOnBoard } from '../support/replace-lease.js';

let t: TestFarm;
beforeAll(async () => {
  t = await startTestFarm(2);
});
afterAll(async () => {
  for (const b of t?.emulated.boards ?? []) b.sshd.thawConnections();
  await t?.stop();
});

const leaseDir = (name: string) => path.join(t.emulated.boards.find((b) => b.name === name)!.sysroot, 'var', 'lock', 'hil');
const abortedWithin = (signal: AbortSignal, limitMs: number) =>
  new Promise<{ ms: number; reason: Error & { code?: string } }>((resolve, reject) => {
    const started = performance.now();
    const timer = setTimeout(() => reject(new Error(`not aborted within ${limitMs} ms`)), limitMs);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - started, reason: signal.reason as Error & { code?: string } });
    });
  });

describe('the lease is the board\'s, not the inventory\'s', () => {
  it('two inventories naming one board with different workdirs (and so two caches) share its one lease', async () => {
    const spec = t.farm.boards.find((b) => b.name === 'tx2-01')!;
    const elsewhere = openBoard({ kind: 'ssh', ...spec, workdir: '~/.hil-other-inventory' }, t.profiles.get('jetson2')!);
    const lease = await acquireLease([t.open('tx2-01').transport], { runId: 'run-inventory-a', ttlS: 30 });
    try {
      const busy = await acquireLease([elsewhere.transport], { runId: 'run-inventory-b', ttlS: 30 }).catch((e: unknown) => e);
      expect(busy).toBeInstanceOf(LeaseBusyError);
      // The holder is named with its run, host and since when (board time).
      expect((busy as Error).message).toMatch(/^tx2-01 is leased by run run-inventory-a on .* pid \d+, since \d\d:\d\d:\d\d UTC board time \(\d+ s\), expires in \d+ s unless renewed/);
      expect(lease.dir).toBe(leaseDir('tx2-01'));
    } finally {
      await lease.release();
      await elsewhere.transport.close();
    }
  });
});

describe('the kernel\'s lock', () => {
  it('a holder slow inside the critical section is waited for, never broken', async () => {
    const dir = leaseDir('tx2-02');
    // The lease folder exists once any operation ran; this one makes it.
    await acquireLease([t.open('tx2-02').transport], { runId: 'run-warm', ttlS: 5 }).then((l) => l.release());
    // Another process holds the lock for 3 s (alive, just slow): the old mkdir-mutex broke it after ~10 s of waiting, this one never does.
    const holder = spawn('flock', [path.join(dir, 'lease.lock'), 'sleep', '3'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
    const started = performance.now();
    const lease = await acquireLease([t.open('tx2-02').transport], { runId: 'run-after-slow-holder', ttlS: 30 });
    expect(performance.now() - started).toBeGreaterThan(2000);
    expect(holder.exitCode ?? (await new Promise((r) => holder.once('exit', r)))).toBe(0);
    await lease.release();
  });

  it('the board logs every lease event with its board time, so overlap can be checked afterwards', async () => {
    const lease = await acquireLease([t.open('tx2-02').transport], { runId: 'run-logged', ttlS: 10, heartbeatMs: 300 });
    await new Promise((r) => setTimeout(r, 800));
    await lease.release();
    const lines = readFileSync(path.join(leaseDir('tx2-02'), 'leases.log'), 'utf8').split('\n').filter((l) => l.includes(`leaseId=${lease.owner.leaseId}`));
    const events = lines.map((l) => l.split(' ')[1]);
    expect(events[0]).toBe('acquire');
    expect(events.at(-1)).toBe('release');
    expect(events.filter((e) => e === 'renew').length).toBeGreaterThanOrEqual(1);
    const times = lines.map((l) => Number(l.split(' ')[0]));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBe(lease.summary.acquiredAt);
    expect(lease.summary.releasedAt).toBe(times.at(-1));
  });
});

describe('lose a lease, stop measuring', () => {
  it('a frozen link (its sshd relay stopped): the holder gives the lease up before the board\'s TTL runs out', async () => {
    const ttlS = 4;
    const lease = await acquireLease([t.open('tx2-01').transport], { runId: 'run-frozen', ttlS });
    const board = t.emulated.boards.find((b) => b.name === 'tx2-01')!;
    const frozenAt = performance.now();
    const relays = board.sshd.freezeLinks();
    expect(relays.length).toBeGreaterThan(0);
    try {
      const lost = await abortedWithin(lease.signal, ttlS * 1000);
      expect(lost.reason.code).toBe('HIL_LEASE_LOST');
      expect(lost.reason.message).toMatch(/^lease lost on tx2-01: no renewal confirmed for [\d.]+ s \(TTL 4 s\)/);
      // Deadline = last confirmed renewal (before the freeze) + TTL - margin: always inside the TTL.
      expect(performance.now() - frozenAt).toBeLessThan(ttlS * 1000 - leaseMarginMs(ttlS) + 500);
      // Nothing that ends after the lease's confirmed expiry is reported.
      expect(() => lease.assertCovers(lease.summary.acquiredAt, 'a measurement')).toThrow(/lease lost/);
      expect(lease.summary.lostReason).toMatch(/no renewal confirmed/);
    } finally {
      board.sshd.thawConnections();
    }
    await lease.release().catch(() => undefined);
  });

  it('a lease replaced on the board (another token) is found at the next renewal: lost, naming the new holder', async () => {
    // A long TTL and a quick heartbeat: the renewal that finds the other token comes long before the
    // local deadline, even on a loaded CI machine where one renewal over SSH can take seconds.
    const lease = await acquireLease([t.open('tx2-02').transport], { runId: 'run-replaced', ttlS: 20, heartbeatMs: 300 });
    const file = path.join(leaseDir('tx2-02'), 'lease');
    expect(existsSync(file)).toBe(true);
    replaceLeaseOnBoard(leaseDir('tx2-02'), { token: 'someone-else', leaseId: 'intruder-lease', runId: 'intruder-run', host: 'operator-laptop', ttlS: 60 });
    const lost = await abortedWithin(lease.signal, 15_000);
    expect(lost.reason.message).toBe('lease lost on tx2-02: taken over: now held by run intruder-run on operator-laptop (lease intruder-lease)');
    // A release does not free someone else's lease.
    expect(await lease.release()).toBe('not-owner');
    expect(readFileSync(file, 'utf8')).toContain('token=someone-else');
    writeFileSync(file, '');
  });

  it('a measurement that ended after the last confirmed expiry is discarded', async () => {
    const lease = await acquireLease([t.open('tx2-01').transport], { runId: 'run-covers', ttlS: 30 });
    expect(() => lease.assertCovers(lease.record.expiresAt - 1, 'single-stream of m')).not.toThrow();
    expect(() => lease.assertCovers(lease.record.expiresAt + 1, 'single-stream of m')).toThrow(/^lease lost on tx2-01: single-stream of m ended at .*, after the lease's confirmed expiry .* \(board clock\); discarded$/);
    await lease.release();
  });
});
