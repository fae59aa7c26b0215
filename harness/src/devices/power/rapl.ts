/**
 * Host power from RAPL energy counters (/sys/class/powercap/intel-rapl:N, also used by AMD's RAPL
 * driver). The counters are cumulative µJ that wrap at max_energy_range_uj, so mean power over a
 * window is Δenergy / Δtime, with a read every so often to catch wraparounds.
 *
 * Only top-level package zones (`intel-rapl:N` named `package-N`) are summed: sub-zones (core,
 * uncore, dram under a package) are parts of their package, and `psys` covers the whole platform
 * including the packages, so adding either would count watts twice.
 * Since 2020 (CVE-2020-8694) energy_uj is readable by root only on most kernels; when nothing is
 * readable the reader returns null and the caller reports "not measured", never 0 W.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PowerStats } from '../../results/check-result.js';

const POWERCAP_DIR = 'sys/class/powercap';

export interface RaplZone {
  /** `intel-rapl:0` */
  id: string;
  /** `package-0` */
  name: string;
  energyUj: number;
  maxEnergyRangeUj: number;
}

export interface RaplReading {
  /** `rapl:package-0` or `rapl:package-0+package-1`. */
  source: string;
  zones: RaplZone[];
}

async function readNum(file: string): Promise<number | null> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
}

/** One read of every package zone under sysRoot; null when none is present and readable. */
export async function readRapl(sysRoot = '/'): Promise<RaplReading | null> {
  let entries: string[];
  try {
    entries = await readdir(join(sysRoot, POWERCAP_DIR));
  } catch {
    return null;
  }
  const zones: RaplZone[] = [];
  for (const id of entries.filter((e) => /^intel-rapl:\d+$/.test(e)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
    const dir = join(sysRoot, POWERCAP_DIR, id);
    let name: string;
    try {
      name = (await readFile(join(dir, 'name'), 'utf8')).trim();
    } catch {
      continue;
    }
    if (!name.startsWith('package')) continue;
    const energyUj = await readNum(join(dir, 'energy_uj'));
    const maxEnergyRangeUj = await readNum(join(dir, 'max_energy_range_uj'));
    if (energyUj === null || maxEnergyRangeUj === null || maxEnergyRangeUj <= 0) continue;
    zones.push({ id, name, energyUj, maxEnergyRangeUj });
  }
  if (zones.length === 0) return null;
  return { source: `rapl:${zones.map((z) => z.name).join('+')}`, zones };
}

/**
 * Energy used between two reads of one counter, in µJ. A smaller second value means the counter
 * wrapped once. Reads must come often enough that it cannot wrap twice: the range is often
 * 262143328850 µJ (44 min at 100 W) but can be 2^32 µJ (43 s at 100 W), hence the sampler's reads.
 */
export function energyDeltaUj(before: number, after: number, maxEnergyRangeUj: number): number {
  return after >= before ? after - before : maxEnergyRangeUj - before + after;
}

/** Energy between two readings summed over zones present in both (matched by id). */
export function readingDeltaUj(before: RaplReading, after: RaplReading): number {
  let total = 0;
  for (const z of after.zones) {
    const b = before.zones.find((x) => x.id === z.id);
    if (b) total += energyDeltaUj(b.energyUj, z.energyUj, z.maxEnergyRangeUj);
  }
  return total;
}

export interface RaplSamplerOptions {
  sysRoot?: string;
  /** How often to read between start and stop: catches wraps and gives max W. @default 250 */
  intervalMs?: number;
  /** Clock in ms; injectable for tests. @default performance.now */
  now?: () => number;
}

export interface RaplSampler {
  /** Stops sampling; stats over [start, stop], or null if a read failed. */
  stop(inferences?: number | null): Promise<PowerStats | null>;
}

/**
 * Starts sampling RAPL now. Returns null when RAPL is not readable (host power not measured).
 * Mean W is total energy ÷ elapsed time (exact for a counter, unlike averaging instantaneous
 * samples); max W is the highest mean over one sampling interval.
 */
export async function startRaplSampler(options: RaplSamplerOptions = {}): Promise<RaplSampler | null> {
  const sysRoot = options.sysRoot ?? '/';
  const now = options.now ?? (() => performance.now());
  const first = await readRapl(sysRoot);
  if (first === null) return null;
  const startMs = now();
  let last = { reading: first, tMs: startMs };
  let energyUj = 0;
  let maxW = 0;
  let intervals = 0;
  let failed = false;
  const step = async (): Promise<void> => {
    const reading = await readRapl(sysRoot);
    const tMs = now();
    if (reading === null) {
      failed = true;
      return;
    }
    const delta = readingDeltaUj(last.reading, reading);
    const dtMs = tMs - last.tMs;
    energyUj += delta;
    if (dtMs > 0) {
      maxW = Math.max(maxW, delta / 1000 / dtMs);
      intervals += 1;
    }
    last = { reading, tMs };
  };
  let chain: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    chain = chain.then(step);
  }, options.intervalMs ?? 250);
  timer.unref?.();
  return {
    async stop(inferences) {
      clearInterval(timer);
      await chain;
      await step();
      const windowMs = last.tMs - startMs;
      if (failed || intervals === 0 || !(windowMs > 0)) return null;
      const meanW = energyUj / 1000 / windowMs;
      return {
        source: first.source,
        meanW,
        maxW,
        samples: intervals,
        windowMs,
        energyPerInferenceMj: inferences && inferences > 0 ? energyUj / 1000 / inferences : null,
      };
    },
  };
}
