import { readFile } from 'node:fs/promises';

/** CPU time counters of the host and of this process, in clock ticks (Linux /proc). */
export interface CpuSnapshot {
  /** Busy ticks of all CPUs (user, nice, system, irq, softirq, steal). */
  busyTicks: number;
  /** Ticks this process (all its threads) ran. */
  selfTicks: number;
  atMs: number;
}

// USER_HZ is 100 on every Linux ABI hil runs on (x86-64, arm64); /proc reports in it.
const TICKS_PER_S = 100;

/** Reads /proc/stat and /proc/self/stat; null where they are not readable (not Linux). */
export async function cpuSnapshot(): Promise<CpuSnapshot | null> {
  try {
    const [stat, self] = await Promise.all([readFile('/proc/stat', 'utf8'), readFile('/proc/self/stat', 'utf8')]);
    const cpu = stat.split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
    // Fields after the command name (which may hold spaces): utime is field 14, stime 15.
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ');
    const selfTicks = Number(fields[11]) + Number(fields[12]);
    return { busyTicks: user + nice + system + irq + softirq + steal, selfTicks, atMs: performance.now() };
  } catch {
    return null;
  }
}

/**
 * How many CPU cores other work kept busy between two snapshots, on average. A latency
 * measurement taken while other processes competed for the CPU describes the host's load,
 * not the model. Pure.
 */
export function otherCoresBusy(before: CpuSnapshot, after: CpuSnapshot): number | null {
  const seconds = (after.atMs - before.atMs) / 1000;
  if (!(seconds > 0)) return null;
  const others = after.busyTicks - before.busyTicks - (after.selfTicks - before.selfTicks);
  return Math.max(0, others) / TICKS_PER_S / seconds;
}
