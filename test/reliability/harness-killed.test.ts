/**
 * Reliability matrix: the harness itself killed mid-run (SIGKILL of hil, Playwright and its
 * workers, as an OOM killer or a cancelled CI machine would). What finished before is on disk and
 * readable; the lease left on the board is reclaimed by the next run once it has expired.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRun } from '../../harness/src/results/read-run.js';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { hilBin, runHil, type TempProject } from '../support/temp-project.js';
import { reliabilityProject, runOnBoards, until } from './reliability-project.js';

let farm: EmulatedFarm;
let project: TempProject;
beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 1, upgradedNode: true });
  // A lease of 5 s: a killed run keeps the board that long at most.
  project = reliabilityProject({ singleStream: true, config: '{ singleStream: { warmup: 1, minQueries: 10, minDurationMs: 4000 }, lease: { ttlS: 5 } }' });
}, 120_000);
afterAll(async () => {
  project?.cleanup();
  await farm?.stop();
});

describe('hil killed mid-run', () => {
  it('leaves the checks it finished readable, and a lease the next run reclaims once expired', async () => {
    const board = farm.boards[0]!;
    const child = spawn(process.execPath, [hilBin, 'run', '--device', 'tx2-01', '--target', 'cpu', '--farm', farm.farmFile, '--json'], {
      cwd: project.dir,
      detached: true, // its own process group: killed with everything it started
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const latest = path.join(project.dir, 'reports', 'latest-run');
    await until(() => existsSync(latest));
    const runId = readFileSync(latest, 'utf8').trim();
    const runDir = path.join(project.dir, 'reports', 'runs', runId);
    const checksDir = path.join(runDir, 'checks');
    // Killed while the single-stream measurement runs on the board, after the mAP check ended.
    await until(() => existsSync(checksDir) && readdirSync(checksDir).some((f) => f.endsWith('.json')) && board.agentStarts() >= 3);
    process.kill(-child.pid!, 'SIGKILL');
    await exited;

    const { checks, measurements } = await readRun(runDir);
    expect(checks.map((c) => [c.check, c.status])).toEqual([['map50', 'passed']]);
    expect(measurements).toHaveLength(1);
    expect(measurements[0]!.accuracy?.map).toBeGreaterThanOrEqual(0);
    // Every JSON document in the run folder is whole (written to a temp file, then renamed).
    for (const dir of ['checks', 'measurements', 'cache']) {
      for (const f of readdirSync(path.join(runDir, dir)).filter((n) => n.endsWith('.json'))) {
        expect(() => JSON.parse(readFileSync(path.join(runDir, dir, f), 'utf8')), f).not.toThrow();
      }
    }
    const summary = await runHil(project.dir, ['report', '--summary']);
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toContain('tiny-ssd');

    // Nobody released the lease; the next run waits for it to expire, then takes the board over.
    const next = await runOnBoards(project, farm.farmFile, ['tx2-01']);
    expect([0, 1], next.stderr.slice(-3000)).toContain(next.code);
    const lease = next.doc.models[0]!.provenance!.lease as { reclaimedFrom: { runId: string } | null };
    expect(lease.reclaimedFrom?.runId).toBe(runId);
  });
});
