/**
 * Polls an instantaneous power reader (INA3221 sysfs on a board where hil itself runs) at a fixed
 * interval and keeps timestamped watts, for powerStats over the measurement window afterwards.
 * Reads are chained so a slow read never overlaps the next one.
 */
import type { TimedPower } from '../../metrics/power-stats.js';
import { railReadingsToMw, readIna3221 } from './ina3221-sysfs.js';
import { totalPowerFromRails } from './total-power.js';

export interface InstantPower {
  source: string;
  watts: number;
}

export type InstantPowerReader = () => Promise<InstantPower | null>;

export interface PolledSampler {
  /** Stops polling and returns every sample taken (empty: not measured). */
  stop(): Promise<{ source: string | null; samples: TimedPower[] }>;
}

export function startPolledSampler(
  read: InstantPowerReader,
  options: { intervalMs?: number; now?: () => number } = {},
): PolledSampler {
  const now = options.now ?? (() => performance.now());
  const samples: TimedPower[] = [];
  let source: string | null = null;
  let chain: Promise<void> = Promise.resolve();
  const poll = async (): Promise<void> => {
    const r = await read().catch(() => null);
    // Stamp after the read returns: the reading describes the moment it completed.
    if (r !== null && Number.isFinite(r.watts)) {
      source ??= r.source;
      samples.push({ tMs: now(), watts: r.watts });
    }
  };
  chain = chain.then(poll);
  const timer = setInterval(() => {
    chain = chain.then(poll);
  }, options.intervalMs ?? 100);
  timer.unref?.();
  return {
    async stop() {
      clearInterval(timer);
      await chain;
      return { source, samples };
    },
  };
}

/** The board total from INA3221 sysfs as an InstantPowerReader. */
export function ina3221TotalReader(sysRoot = '/'): InstantPowerReader {
  return async () => {
    const readings = await readIna3221(sysRoot);
    const total = readings === null ? null : totalPowerFromRails(railReadingsToMw(readings));
    return total === null ? null : { source: total.source, watts: total.mW / 1000 };
  };
}
