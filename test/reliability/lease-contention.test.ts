/**
 * Six `hil run` at once against two emulated boards (one of them overloaded: every shell and clock
 * reading starts late), two killed with SIGKILL while holding a board, one with a short
 * --lease-wait. Every surviving run finishes (the short one may end HIL_LEASE_BUSY, naming the
 * holder), and the boards' lease logs show no two leases of one board overlapping in time.
 * `npm run bench -- lease` runs the same contention and prints the report.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { runContention, type ContentionReport } from '../support/lease-contention.js';

const RUNS = Number(process.env.HIL_CONTENTION_RUNS ?? 6);
const SHORT_WAIT = RUNS - 1;
let farm: EmulatedFarm;
let report: ContentionReport;

beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 2, upgradedNode: true });
  farm.boards[1]!.setState({ slowShellMs: 250 });
  report = await runContention({
    farmFile: farm.farmFile,
    boards: farm.boards,
    device: 'jetson2',
    runs: RUNS,
    victims: [1, 3],
    leaseWaitS: (i) => (i === SHORT_WAIT ? 1 : 300),
    ttlS: 6,
    seed: Number(process.env.HIL_CONTENTION_SEED ?? 20261204),
  });
  if (process.env.HIL_CONTENTION_REPORT) writeFileSync(process.env.HIL_CONTENTION_REPORT, JSON.stringify(report, null, 2));
}, 420_000);
afterAll(async () => {
  await farm?.stop();
});

describe(`${RUNS} runs, 2 boards, 2 killed, one board slowed`, () => {
  it('no two leases of one board ever overlapped', () => {
    const leases = Object.values(report.intervals).flat();
    // Every run that lived, and the killed ones that held a board, left leases in the logs.
    expect(leases.length).toBeGreaterThanOrEqual(RUNS - 1);
    expect(report.overlaps).toEqual([]);
  });

  it('the two victims were killed while holding a board; their leases expired and were reclaimed', () => {
    const killed = report.runs.filter((r) => r.killed);
    expect(killed.map((r) => r.index)).toEqual([1, 3]);
    expect(killed.filter((r) => r.killedHolding).length).toBeGreaterThanOrEqual(1);
    expect(Object.values(report.intervals).flat().filter((i) => i.ended === 'expired').length).toBeGreaterThanOrEqual(1);
  });

  it('every surviving run finished with a decision; a short wait may end HIL_LEASE_BUSY, naming the holder', () => {
    for (const run of report.runs.filter((r) => !r.killed)) {
      const why = `run ${run.index} (exit ${run.exitCode}): ${run.stderrTail}`;
      expect(run.doc, why).not.toBeNull();
      const broken = run.doc!.checks.filter((c) => c.status === 'broken');
      if (run.index === SHORT_WAIT && broken.length > 0) {
        expect(run.exitCode).toBe(2);
        for (const c of broken) {
          expect(c.errorCode, why).toBe('HIL_LEASE_BUSY');
          expect(c.error).toMatch(/tx2-0\d is leased by run \S+ on \S+ pid \d+, since \d\d:\d\d:\d\d UTC board time/);
        }
      } else {
        expect(broken.map((c) => `${c.check}: ${c.errorCode} ${c.error}`), why).toEqual([]);
        expect([0, 1], why).toContain(run.exitCode);
      }
    }
  });

  it('each result records its lease {board, runId, acquiredAt, releasedAt}, as the board logged it', () => {
    const logged = new Map(Object.values(report.intervals).flat().map((i) => [i.leaseId, i]));
    const survivors = report.runs.filter((r) => !r.killed && r.doc && r.doc.checks.every((c) => c.errorCode !== 'HIL_LEASE_BUSY'));
    expect(survivors.length).toBeGreaterThanOrEqual(RUNS - 3);
    for (const run of survivors) {
      for (const m of run.doc!.models) {
        const lease = m.provenance!.lease as { leaseId: string; board: string; runId: string; acquiredAt: number; releasedAt: number | null };
        expect(lease).toMatchObject({ board: m.board, runId: run.doc!.runId });
        const interval = logged.get(lease.leaseId)!;
        expect(interval.start).toBe(lease.acquiredAt);
        expect(interval.ended).toBe('released');
        expect(interval.end).toBe(lease.releasedAt);
      }
    }
  });
});
