#!/usr/bin/env node
// Lease contention on emulated boards, through real `hil run` processes: 6 runs at once against
// 2 boards (one overloaded: every shell and clock reading on it starts 250 ms late), 2 killed with
// SIGKILL while holding a board, one with --lease-wait 1. Goal: 0 overlapping leases on any board.
// It runs the contention test itself (test/reliability/lease-contention.test.ts, the one code path)
// and prints its report.   Usage: node bench/lease-bench.mjs [--seed N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seedAt = process.argv.indexOf('--seed');
const seed = seedAt > 0 ? process.argv[seedAt + 1] : String(Date.now() % 1_000_000);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hil-lease-bench-'));
const reportFile = path.join(tmp, 'report.json');
try {
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const run = spawnSync(process.execPath, [vitest, 'run', 'test/reliability/lease-contention.test.ts'], {
    cwd: root,
    env: { ...process.env, HIL_CONTENTION_REPORT: reportFile, HIL_CONTENTION_SEED: seed },
    encoding: 'utf8',
  });
  let report;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    process.stdout.write(run.stdout + run.stderr);
    throw new Error('the contention run left no report');
  }
  const runs = report.runs;
  const killed = runs.filter((r) => r.killed);
  const busy = runs.filter((r) => !r.killed && r.doc?.checks.some((c) => c.errorCode === 'HIL_LEASE_BUSY'));
  const finished = runs.filter((r) => !r.killed && r.doc && !busy.includes(r));
  const leases = Object.values(report.intervals).flat();
  console.log(`host: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; seed ${seed}`);
  console.log(`runs ${runs.length}: finished ${finished.length} (exit ${finished.map((r) => r.exitCode).join(',')}), HIL_LEASE_BUSY ${busy.length}, killed ${killed.length} (${killed.filter((r) => r.killedHolding).length} while holding a board)`);
  for (const [board, list] of Object.entries(report.intervals)) {
    console.log(`  ${board}: ${list.length} leases (${list.map((i) => i.ended).join(', ')})`);
  }
  console.log(`leases ${leases.length}, overlapping pairs ${report.overlaps.length} (goal 0); wall ${(report.wallMs / 1000).toFixed(1)} s; tests ${run.status === 0 ? 'passed' : 'FAILED'}`);
  process.exitCode = report.overlaps.length === 0 && run.status === 0 ? 0 : 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
