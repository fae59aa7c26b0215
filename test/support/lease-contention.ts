/**
 * Many `hil run` processes at once against a few emulated boards, as CI jobs share a farm: each
 * run in its own checkout (temp project), some killed with SIGKILL (the whole process group, as a
 * cancelled CI job dies) at random moments while they hold a board. Afterwards every board's lease
 * log is read back as intervals and checked for overlap. Shared by the test and `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { leaseIntervals, leaseOverlaps, parseLeaseLog, type LeaseInterval } from '../../harness/src/devices/lease/lease-log.js';
import type { EmulatedBoard } from '../../harness/src/emulator/emulated-board.js';
import { reliabilityProject, type RunJson } from '../reliability/reliability-project.js';
import { hilBin, type TempProject } from './temp-project.js';
import { mulberry32 } from './mulberry32.js';

export interface ContentionOptions {
  farmFile: string;
  boards: readonly EmulatedBoard[];
  device: string;
  runs: number;
  /** Indexes of the runs to kill, once each holds a board (else at `fallbackKillMs`). */
  victims: readonly number[];
  /** --lease-wait of each run, by index (default `longWaitS`). */
  leaseWaitS: (index: number) => number;
  ttlS: number;
  seed: number;
  /** Limit for the whole contention. @default 300000 */
  deadlineMs?: number;
}

export interface RunOutcome {
  index: number;
  killed: boolean;
  /** Killed while one of its workers held a lease. */
  killedHolding: boolean;
  exitCode: number | null;
  doc: (RunJson & { leases?: Array<{ leaseId: string; board: string; acquiredAt: number; releasedAt: number | null }> }) | null;
  stderrTail: string;
  leaseWaitS: number;
}

export interface ContentionReport {
  runs: RunOutcome[];
  intervals: Record<string, LeaseInterval[]>;
  overlaps: Array<{ board: string; a: LeaseInterval; b: LeaseInterval }>;
  wallMs: number;
}


/** The process group of a pid (field 5 of /proc/<pid>/stat), or null when gone. */
function groupOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return null;
  }
}

export function leaseLogOf(board: EmulatedBoard): string {
  const dir = path.join(board.sysroot, 'var', 'lock', 'hil');
  const read = (f: string) => {
    try {
      return readFileSync(path.join(dir, f), 'utf8');
    } catch {
      return '';
    }
  };
  return `${read('leases.log.1')}\n${read('leases.log')}`;
}

export async function runContention(options: ContentionOptions): Promise<ContentionReport> {
  const random = mulberry32(options.seed);
  const projects: TempProject[] = [];
  const started = performance.now();
  try {
    const children = Array.from({ length: options.runs }, (_, index) => {
      const project = reliabilityProject({
        singleStream: true,
        config: `{ singleStream: { warmup: 1, minQueries: 10, minDurationMs: 500 }, lease: { ttlS: ${options.ttlS} } }`,
      });
      projects.push(project);
      const wait = options.leaseWaitS(index);
      const args = [hilBin, 'run', '--device', options.device, '--target', 'cpu', '--farm', options.farmFile, '--json', '--lease-wait', String(wait)];
      // Its own process group: a kill takes the run, its Playwright and its workers, as a cancelled CI job dies.
      const child = spawn(process.execPath, args, { cwd: project.dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d) => (stdout += d));
      child.stderr!.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      return { index, child, exited, out: () => stdout, err: () => stderr, wait, killed: false, killedHolding: false };
    });

    // Each victim dies a random 0.2-2.5 s after one of its workers took a lease (watched in the boards' logs).
    const kills = options.victims.map(async (index) => {
      const victim = children[index]!;
      const group = victim.child.pid!;
      const deadline = performance.now() + 90_000;
      let holding = false;
      while (performance.now() < deadline && victim.child.exitCode === null) {
        const events = options.boards.flatMap((b) => parseLeaseLog(leaseLogOf(b)));
        holding = events.some((e) => (e.event === 'acquire' || e.event === 'reclaim') && groupOf(e.pid) === group);
        if (holding) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 200 + random() * 2300));
      if (victim.child.exitCode !== null) return;
      try {
        process.kill(-group, 'SIGKILL');
        victim.killed = true;
        victim.killedHolding = holding;
      } catch {
        // already gone
      }
    });

    const limit = options.deadlineMs ?? 300_000;
    const timer = setTimeout(() => children.forEach((c) => c.child.exitCode === null && process.kill(-c.child.pid!, 'SIGKILL')), limit);
    const codes = await Promise.all(children.map((c) => c.exited));
    clearTimeout(timer);
    await Promise.all(kills);

    const runs: RunOutcome[] = children.map((c, i) => {
      let doc: RunOutcome['doc'] = null;
      try {
        doc = c.killed ? null : (JSON.parse(c.out()) as RunOutcome['doc']);
      } catch {
        doc = null;
      }
      return { index: i, killed: c.killed, killedHolding: c.killedHolding, exitCode: codes[i] ?? null, doc, stderrTail: c.err().slice(-3000), leaseWaitS: c.wait };
    });
    const intervals: Record<string, LeaseInterval[]> = {};
    const overlaps: ContentionReport['overlaps'] = [];
    for (const board of options.boards) {
      intervals[board.name] = leaseIntervals(parseLeaseLog(leaseLogOf(board)));
      for (const [a, b] of leaseOverlaps(intervals[board.name]!)) overlaps.push({ board: board.name, a, b });
    }
    return { runs, intervals, overlaps, wallMs: performance.now() - started };
  } finally {
    for (const p of projects) p.cleanup();
  }
}
