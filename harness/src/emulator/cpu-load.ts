import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux

/** A process's own CPU seconds (utime+stime) and its start time, from /proc/<pid>/stat. */
export function parseProcStat(statLine: string): { cpuS: number; start: string } {
  // After "pid (comm) ": state is index 0, utime/stime are 11/12, starttime 19.
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  return { cpuS: (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / CLOCK_TICKS_PER_S, start: fields[19] ?? '' };
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The emulated boards' own CPU load: every process carrying a board's environment marker (set by
 * its sshd, inherited even by daemons that leave the session), against the host's cores. The host
 * may be busy with anything else; only a board's own work moves its power. One /proc pass serves
 * every board of a farm.
 */
export class BoardLoadMeter {
  /** `pid:starttime` → index of the board whose marker it carries, -1 for none (environments do not change; pids get reused). */
  readonly #membership = new Map<string, number>();
  #last = new Map<string, number>();
  #lastAt = 0;
  readonly #markers: readonly string[];

  constructor(markers: string | readonly string[], private readonly cores = os.cpus().length || 1) {
    this.#markers = typeof markers === 'string' ? [markers] : markers;
  }

  #cpuByProcess(): Map<string, number> {
    const now = new Map<string, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = read(`/proc/${entry}/stat`);
      if (!stat) continue;
      const { cpuS, start } = parseProcStat(stat);
      const key = `${entry}:${start}`;
      let board = this.#membership.get(key);
      if (board === undefined) {
        const env = read(`/proc/${entry}/environ`)?.split('\0') ?? [];
        board = this.#markers.findIndex((m) => env.includes(m));
        this.#membership.set(key, board);
      }
      if (board >= 0) now.set(key, cpuS);
    }
    for (const key of this.#membership.keys()) if (!now.has(key) && !this.#last.has(key)) this.#membership.delete(key);
    return now;
  }

  /** Utilisation in [0, 1] per marker since the previous call (0 on the first call). */
  sampleAll(): number[] {
    const at = performance.now();
    const now = this.#cpuByProcess();
    const usedS = this.#markers.map(() => 0);
    // Per-process deltas: a process that exits takes its time with it instead of making the sum jump.
    for (const [key, cpuS] of now) usedS[this.#membership.get(key)!]! += cpuS - (this.#last.get(key) ?? cpuS);
    const elapsedS = (at - this.#lastAt) / 1000;
    const first = this.#lastAt === 0;
    this.#last = now;
    this.#lastAt = at;
    return usedS.map((used) => (first || elapsedS <= 0 ? 0 : Math.min(1, Math.max(0, used / (elapsedS * this.cores)))));
  }

  /** Utilisation of the first (or only) marker. */
  sample(): number {
    return this.sampleAll()[0] ?? 0;
  }
}
