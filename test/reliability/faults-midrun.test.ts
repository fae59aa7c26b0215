/**
 * Reliability matrix, faults during a run: one `hil run` over eight emulated boards while the test
 * drops SSH links, restarts sshd (a board reboot) and holds leases. A hung runner is stopped at
 * the stage timeout, a dropped link or a rebooted board breaks only the measurement in flight
 * (never retried) and the next ones reconnect; a throttled board gives invalid figures (not a
 * regression, and the power jetson2 requires is then broken); a board without rails reports power as
 * not measured, never 0 W (broken: required); clock skew changes
 * nothing; a busy board is waited for and a dead holder's lease reclaimed once expired.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBoard } from '../../harness/src/devices/board.js';
import { acquireLease } from '../../harness/src/devices/lease/acquire-lease.js';
import type { BoardLease } from '../../harness/src/devices/lease/board-lease.js';
import { loadFarm } from '../../harness/src/devices/load-farm.js';
import { loadDeviceProfiles } from '../../harness/src/devices/load-profiles.js';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import type { EmulatedBoard } from '../../harness/src/emulator/emulated-board.js';
import { repoRoot, type TempProject } from '../support/temp-project.js';
import { boardProcessesRunning, reliabilityProject, runOnBoards, until, type FarmRun } from './reliability-project.js';

const MEASURE_MS = 15_000;
let farm: EmulatedFarm;
let project: TempProject;
let run: FarmRun;
const children: ChildProcess[] = [];
let busyRelease: 'released' | 'not-owner' | 'free' | undefined;
const board = (name: string) => farm.boards.find((b) => b.name === name)!;

/** A lease holder in its own process (test/farm/lease-holder.mjs); resolves once it holds the board. */
async function holdInOtherProcess(device: string, runId: string, ttlS: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'test', 'farm', 'lease-holder.mjs')], {
    env: { ...process.env, LEASE_HOLDER: JSON.stringify({ device, runId, ttlS, heartbeatMs: 500, holdMs: 600_000, waitMs: 0, farmFile: farm.farmFile, devicesDir: path.join(repoRoot, 'devices') }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => (JSON.parse(line) as { event: string }).event === 'acquired' && resolve());
    child.once('exit', (code) => reject(new Error(`lease holder exited ${code}`)));
  });
  return child;
}

/** Once the board's first agent start is hanging: `act`, then later starts run normally. */
async function onFirstHang(target: EmulatedBoard, act: () => unknown): Promise<void> {
  await until(() => boardProcessesRunning(target, 'sleep 86400').length > 0);
  target.setState({ runner: 'normal' });
  await act();
}

beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 8, upgradedNode: true });
  project = reliabilityProject({
    singleStream: true,
    config: `{ singleStream: { warmup: 1, minQueries: 10, minDurationMs: 600 }, timeouts: { measureMs: ${MEASURE_MS} } }`,
  });
  for (const name of ['tx2-01', 'tx2-02', 'tx2-03']) board(name).setState({ runner: 'hang' });
  board('tx2-04').setState({ throttled: true });
  board('tx2-05').setState({ tegrastats: 'no-rails' });
  board('tx2-06').setState({ clockSkewS: -7200 });
  // tx2-07 is busy with another run for a few seconds; tx2-08's holder is killed (stale lease).
  const profiles = loadDeviceProfiles(path.join(repoRoot, 'devices'));
  const spec = loadFarm(farm.farmFile, profiles).boards.find((b) => b.name === 'tx2-07')!;
  const other = openBoard({ kind: 'ssh', ...spec }, profiles.get('jetson2')!);
  const busy: BoardLease = await acquireLease([other.transport], { runId: 'other-run', ttlS: 30 });
  const stale = await holdInOtherProcess('tx2-08', 'killed-run', 3);
  stale.kill('SIGKILL');

  const pending = runOnBoards(project, farm.farmFile, farm.boards.map((b) => b.name));
  const faults = Promise.all([
    onFirstHang(board('tx2-01'), () => undefined),
    onFirstHang(board('tx2-02'), () => board('tx2-02').sshd.dropConnections()),
    onFirstHang(board('tx2-03'), () => board('tx2-03').sshd.restart()),
    new Promise((r) => setTimeout(r, 4000)).then(async () => {
      busyRelease = await busy.release();
      await other.transport.close();
    }),
  ]);
  run = await pending;
  await faults;
}, 300_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  project?.cleanup();
  await farm?.stop();
});

const status = (name: string, check: string) => run.on(name).find((c) => c.check === check);
const notBroken = (name: string, checks: string[]) => checks.map((c) => [c, status(name, c)?.status]).filter(([, s]) => s === 'broken' || s === undefined);

describe('faults during a run', () => {
  it('is broken (exit 2) and nothing is called a failed verdict because of a fault', () => {
    expect(run.code, run.stderr.slice(-3000)).toBe(2);
    const brokenBoards = [...new Set(run.doc.checks.filter((c) => c.status === 'broken').map((c) => c.board))].sort();
    // tx2-01..03: the measurement in flight broke. tx2-04 and tx2-05: power, which jetson2 requires,
    // stayed invalid (throttled) or was not measured (no rails): not green either.
    expect(brokenBoards).toEqual(['tx2-01', 'tx2-02', 'tx2-03', 'tx2-04', 'tx2-05']);
    expect(run.doc.checks.filter((c) => c.status === 'broken' && ['tx2-04', 'tx2-05'].includes(c.board)).map((c) => [c.board, c.check, c.errorCode])).toEqual([
      ['tx2-04', 'power', 'HIL_REQUIRED_NOT_DECIDED'],
      ['tx2-05', 'power', 'HIL_REQUIRED_NOT_DECIDED'],
    ]);
  });

  it('a runner that hangs is stopped at the stage timeout, on the board too, and not retried', () => {
    expect(status('tx2-01', 'map50')).toMatchObject({ status: 'broken', errorCode: 'HIL_TIMEOUT', error: expect.stringContaining(`measure on tx2-01 exceeded ${MEASURE_MS} ms`) });
    expect(boardProcessesRunning(board('tx2-01'), 'sleep 86400')).toEqual([]);
    // accuracy (hung), single-stream warm-up, single-stream: one start each.
    expect(board('tx2-01').agentStarts()).toBe(3);
    expect(notBroken('tx2-01', ['fps', 'p99', 'power'])).toEqual([]);
  });

  it('an SSH link dropped mid-inference breaks that measurement only; later ones reconnect', () => {
    expect(status('tx2-02', 'map50')).toMatchObject({ status: 'broken', errorCode: 'HIL_CONNECTION_LOST', error: expect.stringContaining('measure on tx2-02: connection to the board was lost') });
    expect(board('tx2-02').agentStarts()).toBe(3);
    expect(notBroken('tx2-02', ['fps', 'p99', 'power'])).toEqual([]);
  });

  it('sshd restarted mid-run (a reboot) breaks the measurement in flight; the board is used again after', () => {
    expect(status('tx2-03', 'map50')).toMatchObject({ status: 'broken', errorCode: 'HIL_CONNECTION_LOST' });
    // The broken worker could not release its lease while the board was down; the next worker of
    // the same run takes it over at once (its holder is provably dead), not after the lease's TTL.
    expect(board('tx2-03').agentStarts()).toBe(3);
    expect(notBroken('tx2-03', ['fps', 'p99', 'power'])).toEqual([]);
  });

  it('thermal throttling during the measurement makes its figures invalid, not a regression', () => {
    for (const check of ['fps', 'p99']) {
      expect(status('tx2-04', check)).toMatchObject({ status: 'invalid', verdict: { message: expect.stringMatching(/invalid measurement.*clocks below maximum/) } });
    }
    // Taken again twice (the re-measurement budget), still throttled: the required power check is broken, saying why.
    expect(status('tx2-04', 'power')).toMatchObject({ status: 'broken', error: expect.stringMatching(/^power is required \(devices\/jetson2\.yaml: required\[0\]\) but was still invalid after re-measuring: invalid measurement.*clocks below maximum/) });
    const validity = run.doc.models.find((m) => m.board === 'tx2-04')!.validity as { attempts: number; earlierInvalid: string[] };
    expect(validity.attempts).toBe(3);
    expect(validity.earlierInvalid).toHaveLength(2);
    expect(status('tx2-04', 'map50')!.status).toBe('passed');
  });

  it('a board with no power rails: power not measured (null), never 0 W', () => {
    const model = run.doc.models.find((m) => m.board === 'tx2-05')!;
    expect(model.meanW).toBeNull();
    expect(model.power).toBeNull();
    // jetson2 requires power: not measured is not green (exit 2), with the reason on one line.
    expect(status('tx2-05', 'power')).toMatchObject({ status: 'broken', errorCode: 'HIL_REQUIRED_NOT_DECIDED', verdict: { value: null } });
    expect(status('tx2-05', 'power')!.error).toBe('power is required (devices/jetson2.yaml: required[0]) but was not decided: not measured: tegrastats gave no power rails');
    expect(notBroken('tx2-05', ['map50', 'fps', 'p99'])).toEqual([]);
  });

  it('host/board clock skew changes nothing: power is matched on the board\'s own clock', () => {
    const model = run.doc.models.find((m) => m.board === 'tx2-06')!;
    expect(model.meanW).toBeGreaterThan(0);
    expect(notBroken('tx2-06', ['map50', 'fps', 'p99', 'power'])).toEqual([]);
  });

  it('a board leased by another run is waited for, never taken from it', () => {
    expect(busyRelease).toBe('released');
    expect(notBroken('tx2-07', ['map50', 'fps', 'p99', 'power'])).toEqual([]);
    const lease = run.doc.models.find((m) => m.board === 'tx2-07')!.provenance!.lease as { runId: string; board: string; acquiredAt: number; releasedAt: number; reclaimedFrom: unknown };
    expect(lease).toMatchObject({ board: 'tx2-07', runId: run.doc.runId, reclaimedFrom: null });
    // Provenance of the lease on the board's clock: taken after the other run let go, released at the end.
    expect(lease.releasedAt).toBeGreaterThan(lease.acquiredAt);
  });

  it('the lease of a killed holder is reclaimed once it has expired', () => {
    expect(notBroken('tx2-08', ['map50', 'fps', 'p99', 'power'])).toEqual([]);
    const lease = run.doc.models.find((m) => m.board === 'tx2-08')!.provenance!.lease as { reclaimedFrom: { runId: string } | null };
    expect(lease.reclaimedFrom?.runId).toBe('killed-run');
  });
});
