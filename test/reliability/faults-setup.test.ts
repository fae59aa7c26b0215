/**
 * Reliability matrix, setup and runner faults: one `hil run` over eight emulated boards (real
 * sshd, hil's real agent), each board with its own fault, one model pair per board. Every fault is
 * infrastructure: `broken`, never `failed`; exit code 2; setup stages retried a bounded number of
 * times, measurements never; a board that fails its health check is quarantined for the rest of
 * the run; the healthy board finishes its jobs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import type { TempProject } from '../support/temp-project.js';
import { reliabilityProject, runOnBoards, type CheckJson, type FarmRun } from './reliability-project.js';

const asRoot = process.getuid?.() === 0;
let farm: EmulatedFarm;
let project: TempProject;
let run: FarmRun;
const board = (name: string) => farm.boards.find((b) => b.name === name)!;

beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 8, upgradedNode: true });
  project = reliabilityProject({ models: ['tiny-ssd', 'tiny-ssd-pruned'], config: '{ timeouts: { measureMs: 60000 } }' });
  board('tx2-01').setState({ tegrastats: 'missing' });
  board('tx2-02').setState({ tegrastats: 'silent' });
  const diskLimited = asRoot && board('tx2-03').setDiskLimit(1);
  if (!diskLimited) board('tx2-03').setState({ tegrastats: 'missing' }); // same outcome, other cause
  await board('tx2-04').sshd.stop();
  board('tx2-05').setState({ runner: 'crash' });
  board('tx2-06').setState({ runner: 'garbage' });
  board('tx2-07').corruptUploads(1);
  board('tx2-08').corruptUploads(99);
  run = await runOnBoards(project, farm.farmFile, farm.boards.map((b) => b.name));
}, 300_000);
afterAll(async () => {
  project?.cleanup();
  await farm?.stop();
});

/** The run's quarantine record of a board (files are named by a hash of the board's name). */
function quarantineOf(name: string): { board: string; code: string } | undefined {
  const dir = path.join(run.doc.reports.runDir, 'quarantine');
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir).map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { board: string; code: string }).find((q) => q.board === name);
}
const codes = (checks: CheckJson[]) => checks.map((c) => c.errorCode);
/** The checks that actually tried the board (not failing fast on a latch or a quarantine). */
const firstCauses = (checks: CheckJson[]) => checks.filter((c) => c.errorCode !== 'HIL_BOARD_QUARANTINED' && !c.error?.includes('measured earlier in this run'));

describe('setup and runner faults in one run', () => {
  it('is broken (exit 2), never failed, and the healthy board finishes its jobs', () => {
    expect(run.code, run.stderr.slice(-3000)).toBe(2);
    expect(run.doc.exitCode).toBe(2);
    expect(run.doc.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(run.on('tx2-07').map((c) => c.status)).toEqual(['passed', 'passed', 'passed']);
    for (const name of ['tx2-01', 'tx2-02', 'tx2-03', 'tx2-04', 'tx2-05', 'tx2-06', 'tx2-08']) {
      expect(run.on(name).map((c) => c.status), name).toEqual(['broken', 'broken', 'broken']);
    }
  });

  it('a failed health check quarantines the board for the rest of the run: checked once, the rest fail fast', () => {
    const checks = run.on('tx2-01');
    expect(checks.map((c) => `${c.model} ${c.target}`).sort()).toEqual(['tiny-ssd cpu', 'tiny-ssd-pruned cpu', 'tiny-ssd-pruned cpu']);
    expect(codes(checks).filter((c) => c === 'HIL_HEALTH_CHECK_FAILED')).toHaveLength(1);
    expect(codes(checks).filter((c) => c === 'HIL_BOARD_QUARANTINED')).toHaveLength(2);
    expect(checks.find((c) => c.errorCode === 'HIL_HEALTH_CHECK_FAILED')!.error).toContain('health check of tx2-01 failed: tool:tegrastats: tegrastats not found on PATH');
    expect(checks.find((c) => c.errorCode === 'HIL_BOARD_QUARANTINED')!.error).toContain('tx2-01 is quarantined for the rest of this run: health check of tx2-01 failed');
    const record = quarantineOf('tx2-01')!;
    expect(record.code).toBe('HIL_HEALTH_CHECK_FAILED');
    // The note on the board itself, which `hil devices` shows to other runs.
    expect(readFileSync(path.join(board('tx2-01').workdir, 'quarantine'), 'utf8')).toContain('tool:tegrastats');
    expect(board('tx2-01').agentStarts()).toBe(0);
  });

  it('tegrastats that prints nothing fails the health check like a missing one', () => {
    expect(firstCauses(run.on('tx2-02')).map((c) => c.error)).toEqual([expect.stringContaining('output:tegrastats: tegrastats printed nothing in 5 s')]);
  });

  it.skipIf(!asRoot)('a full disk fails the health check before anything is deployed', () => {
    expect(firstCauses(run.on('tx2-03')).map((c) => c.error)).toEqual([expect.stringMatching(/health check of tx2-03 failed: disk: \d+ MB free, needs 500 MB/)]);
    expect(board('tx2-03').agentStarts()).toBe(0);
  });

  it('an unreachable board: connect retried 3 times (a setup stage), then quarantined', () => {
    // Two workers may reach for the board at the same moment; each gives up after 3 tries.
    const first = firstCauses(run.on('tx2-04'));
    expect(first.length).toBeGreaterThan(0);
    for (const c of first) {
      expect(c.errorCode).toBe('HIL_CONNECT_FAILED');
      expect(c.error).toMatch(/connect on tx2-04 .* failed: .*\(connect: gave up after 3 tries\)/);
    }
    expect(codes(run.on('tx2-04')).filter((c) => c === 'HIL_BOARD_QUARANTINED').length).toBeGreaterThan(0);
    expect(quarantineOf('tx2-04')).toMatchObject({ code: 'HIL_CONNECT_FAILED' });
  });

  it('a runner that crashes (garbage on stdout, exit 139) is broken, and never retried', () => {
    const first = firstCauses(run.on('tx2-05'));
    expect(first.map((c) => c.errorCode)).toEqual(['HIL_AGENT_CRASHED', 'HIL_AGENT_CRASHED']);
    expect(first[0]!.error).toMatch(/measure on tx2-05: the agent exited with 139 and wrote no result: Segmentation fault/);
    // One agent start per measurement (two models): a measurement is never retried.
    expect(board('tx2-05').agentStarts()).toBe(2);
  });

  it('a runner whose result is garbage is broken, and never retried', () => {
    expect(firstCauses(run.on('tx2-06')).map((c) => c.errorCode)).toEqual(['HIL_AGENT_GARBAGE', 'HIL_AGENT_GARBAGE']);
    expect(board('tx2-06').agentStarts()).toBe(2);
  });

  it('an upload corrupted on the way is caught by its sha256 on the board and sent again (deploy is retried)', () => {
    expect(readFileSync(`${board('tx2-07').stateFile}.corrupt-uploads`, 'utf8').trim()).toBe('0');
    expect(run.on('tx2-07').every((c) => c.status === 'passed')).toBe(true);
  });

  it('uploads that keep arriving corrupted: deploy gives up after 3 tries, each measurement once', () => {
    const first = firstCauses(run.on('tx2-08'));
    expect(first.length).toBeGreaterThan(0);
    for (const c of first) {
      expect(c.errorCode).toBe('HIL_UPLOAD_CORRUPT');
      expect(c.error).toMatch(/deploy on tx2-08: .* arrived corrupted \(sha256 mismatch: got [0-9a-f]{64}, expected [0-9a-f]{64}\) \(deploy: gave up after 3 tries\)/);
    }
    const consumed = 99 - Number(readFileSync(`${board('tx2-08').stateFile}.corrupt-uploads`, 'utf8'));
    expect(consumed).toBe(3 * first.length);
    expect(quarantineOf('tx2-08')).toBeUndefined();
  });
});
