/**
 * tegrastats lines stamped on the board with the epoch in ms, so power samples share a clock with
 * the runner's measurement window (timing is measured on the board, never across SSH). Older
 * JetPacks print no time at all and JetPack 5+ only to the second, hence our own stamp:
 *
 *   stdbuf -oL tegrastats --interval 100 | while IFS= read -r l; do printf '%s %s\n' "$(date +%s%3N)" "$l"; done
 *
 * `stdbuf -oL` keeps tegrastats from block-buffering into the pipe, which would stamp lines late.
 * (`stdbuf` and `date +%s%3N` are GNU coreutils, as on every JetPack.) Pure: text in, timed watts out.
 */
import type { TimedPower } from '../../metrics/power-stats.js';
import { parseTegrastatsLine, type TegrastatsSample } from './tegrastats-parse.js';
import { railCurrentsMw } from './tegrastats-log.js';
import { totalPowerSource, type TotalPowerSource } from './total-power.js';

/** The command above, for a runner to start on the board (interval in ms). */
export function stampedTegrastatsCommand(intervalMs = 100): string {
  const ms = Math.max(1, Math.round(intervalMs));
  return `stdbuf -oL tegrastats --interval ${ms} | while IFS= read -r l; do printf '%s %s\\n' "$(date +%s%3N)" "$l"; done`;
}

export interface StampedTegrastats {
  /** The rail used for every sample; null when the board printed no rails (not measured). */
  source: TotalPowerSource | null;
  samples: TimedPower[];
  /** Stamped lines whose tegrastats part did not parse (a line cut when tegrastats was stopped). */
  skipped: number;
}

/**
 * Board-total watts per stamped line. The source is decided once from every rail seen, and a
 * sample lacking it (or, for `sum`, lacking any rail) is skipped rather than counted low.
 */
export function parseStampedTegrastats(text: string): StampedTegrastats {
  const parsed: Array<{ tMs: number; sample: TegrastatsSample }> = [];
  let skipped = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^(\d{10,})(?:\.\d+)?\s+(.*)$/.exec(line);
    const sample = m ? parseTegrastatsLine(m[2]!) : null;
    if (!m || !sample) {
      skipped += 1;
      continue;
    }
    parsed.push({ tMs: Number(m[1]), sample });
  }
  const names = new Set(parsed.flatMap((p) => Object.keys(p.sample.rails)));
  const source = totalPowerSource(names);
  const samples: TimedPower[] = [];
  if (source !== null) {
    for (const { tMs, sample } of parsed) {
      const rails = railCurrentsMw(sample);
      if (source !== 'sum') {
        if (rails[source] !== undefined) samples.push({ tMs, watts: rails[source] / 1000 });
        else skipped += 1;
      } else if ([...names].every((n) => rails[n] !== undefined)) {
        samples.push({ tMs, watts: Object.values(rails).reduce((a, b) => a + b, 0) / 1000 });
      } else skipped += 1;
    }
  }
  return { source, samples, skipped };
}
