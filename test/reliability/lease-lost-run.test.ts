/**
 * Issue #13, end to end: a `hil run` that loses its lease in the middle of a measurement stops
 * measuring. Three emulated boards run a long single-stream measurement (40 s, lease TTL 6 s);
 * once hil's agent is measuring:
 * - tx2-01: its SSH link is frozen (the sshd relay stopped with SIGSTOP; the agent keeps working).
 *   Renewals go unanswered; SSH keepalive (about 4 s) or the lease deadline (TTL − 1 s) ends it,
 *   whichever comes first: either way the measurement is broken and the lease recorded as lost.
 * - tx2-02: the board's lease file is replaced by another holder's token (an operator took it).
 * - tx2-03: the heartbeat is blocked on the board while the link stays healthy: a stuck process
 *   holds the lease folder's lock, so every renewal waits and none is confirmed.
 * Each measurement in flight must end `broken` within the TTL, and none of its figures may appear.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import type { TempProject } from '../support/temp-project.js';
import { replaceLeaseOnBoard } from '../support/replace-lease.js';
import { reliabilityProject, runOnBoards, until, type FarmRun } from './reliability-project.js';

const TTL_S = 6;
// Far longer than the TTL: without the lease check the measurement would finish and be reported.
const MEASURE_FOR_MS = 40_000;
const BOARDS = ['tx2-01', 'tx2-02', 'tx2-03'];
let farm: EmulatedFarm;
let project: TempProject;
let run: FarmRun;
let lockHolder: ChildProcess | undefined;
const faultAt: Record<string, number> = {};
const board = (name: string) => farm.boards.find((b) => b.name === name)!;
const leaseDir = (name: string) => path.join(board(name).sysroot, 'var', 'lock', 'hil');

interface LeaseRecordJson {
  board: string;
  acquiredAt: number;
  lostAt?: number;
  lostReason?: string;
  releasedAt: number | null;
}

beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 3, upgradedNode: true });
  project = reliabilityProject({
    singleStream: true,
    config: `{ singleStream: { warmup: 1, minQueries: 10, minDurationMs: ${MEASURE_FOR_MS} }, lease: { ttlS: ${TTL_S} }, timeouts: { measureMs: 120000 } }`,
  });
  // A short wait bound: tx2-02 stays with its new holder, so the run's later work there ends busy.
  const pending = runOnBoards(project, farm.farmFile, BOARDS, ['--lease-wait', '3']);
  // Agent starts: accuracy, single-stream warm-up, single-stream. The third is the long one.
  const measuring = (name: string) => until(() => board(name).agentStarts() >= 3).then(() => new Promise((r) => setTimeout(r, 1500)));
  await Promise.all([
    measuring('tx2-01').then(() => {
      faultAt['tx2-01'] = Date.now();
      board('tx2-01').sshd.freezeLinks();
    }),
    measuring('tx2-02').then(() => {
      faultAt['tx2-02'] = Date.now();
      replaceLeaseOnBoard(leaseDir('tx2-02'), { token: 'operator-token', leaseId: 'operator-lease', runId: 'operator-run', host: 'operator-laptop', ttlS: 600 });
    }),
    measuring('tx2-03').then(async () => {
      faultAt['tx2-03'] = Date.now();
      lockHolder = spawn('flock', [path.join(leaseDir('tx2-03'), 'lease.lock'), 'sleep', '600'], { stdio: 'ignore' });
      // Let go once the run has given the lease up (the stuck process is then "fixed").
      await new Promise((r) => setTimeout(r, (TTL_S + 3) * 1000));
      lockHolder.kill('SIGKILL');
    }),
  ]);
  run = await pending;
  board('tx2-01').sshd.thawConnections();
}, 300_000);
afterAll(async () => {
  lockHolder?.kill('SIGKILL');
  project?.cleanup();
  await farm?.stop();
});

const leaseRecords = (): LeaseRecordJson[] => {
  const dir = path.join(run.doc.reports.runDir, 'leases');
  return readdirSync(dir).map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as LeaseRecordJson);
};
const check = (name: string, id: string) => run.on(name).find((c) => c.check === id);

describe('a lease lost during a hil run', () => {
  it('is not green: exit 2; the accuracy measured before the fault stands', () => {
    expect(run.code, run.stderr.slice(-3000)).toBe(2);
    for (const name of BOARDS) expect(check(name, 'map50')?.status, name).toBe('passed');
  });

  it('a replaced lease: broken "lease lost", naming the new holder, whose lease is left alone', () => {
    expect(check('tx2-02', 'fps')).toMatchObject({ status: 'broken', errorCode: 'HIL_LEASE_LOST' });
    expect(check('tx2-02', 'fps')!.error).toContain('lease lost on tx2-02: taken over: now held by run operator-run on operator-laptop (lease operator-lease)');
    // The run never takes the board back from its new holder, nor releases that holder's lease.
    expect(readFileSync(path.join(leaseDir('tx2-02'), 'lease'), 'utf8')).toContain('token=operator-token');
    for (const c of run.on('tx2-02').filter((x) => x.errorCode === 'HIL_LEASE_BUSY')) expect(c.error).toContain('operator-run');
  });

  it('a heartbeat blocked on the board: broken "lease lost", no renewal confirmed within the TTL', () => {
    expect(check('tx2-03', 'fps')).toMatchObject({ status: 'broken', errorCode: 'HIL_LEASE_LOST' });
    expect(check('tx2-03', 'fps')!.error).toMatch(/lease lost on tx2-03: no renewal confirmed for \d+(\.\d+)? s \(TTL 6 s\)/);
  });

  it('a frozen link: the measurement broken (keepalive or the lease deadline, whichever is first)', () => {
    expect(check('tx2-01', 'fps')?.status).toBe('broken');
    expect(['HIL_CONNECTION_LOST', 'HIL_LEASE_LOST']).toContain(check('tx2-01', 'fps')!.errorCode);
  });

  it('every loss is noticed within the TTL of the fault and recorded with its lease', () => {
    const records = leaseRecords();
    for (const name of BOARDS) {
      const lost = records.filter((r) => r.board === name && r.lostAt !== undefined);
      expect(lost, name).toHaveLength(1);
      expect(lost[0]!.lostAt! - faultAt[name]!, name).toBeLessThan(TTL_S * 1000);
      expect(lost[0]!.releasedAt).toBeNull();
    }
  });

  it('reports no figure from the lost measurements', () => {
    for (const name of BOARDS) {
      const model = run.doc.models.find((m) => m.board === name)! as unknown as { latency: unknown; fps: number | null; meanW: number | null };
      expect([model.latency, model.fps, model.meanW], name).toEqual([null, null, null]);
      for (const id of ['fps', 'p99', 'power']) expect(check(name, id)?.status, `${name} ${id}`).toBe('broken');
    }
  });
});
