/**
 * A whole tegrastats log (what `tegrastats --logfile` writes, or a terminal capture) and its power
 * summary. Pure: text in, data out; reading the file is the caller's job.
 */
import { ConfigError } from '../../errors.js';
import { summarizeWatts } from '../../metrics/power-stats.js';
import { parseTegrastatsLine, type TegrastatsSample } from './tegrastats-parse.js';
import { totalPowerFromRails, totalPowerSource, type TotalPower, type TotalPowerSource } from './total-power.js';

export interface TegrastatsLogLine {
  /** 1-based line number in the log. */
  line: number;
  sample: TegrastatsSample;
}

export interface TegrastatsSummary {
  samples: number;
  /** null when the board printed no rails: power not measured. */
  total: { source: TotalPowerSource; meanW: number; maxW: number } | null;
  rails: Record<string, { meanW: number; maxW: number }>;
}

/**
 * Parses every line; blank lines and `#` comments are skipped. A line that is not tegrastats output
 * is an error naming the file and line: a summary of half a log would look like a real figure.
 */
export function parseTegrastatsLog(text: string, file: string): TegrastatsLogLine[] {
  const out: TegrastatsLogLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const raw = (lines[i] ?? '').trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const sample = parseTegrastatsLine(raw);
    if (sample === null) {
      const shown = raw.length > 60 ? `${raw.slice(0, 60)}...` : raw;
      throw new ConfigError('HIL_TEGRASTATS_PARSE', `${file}:${i + 1}: not a tegrastats line: "${shown}"`, {
        where: `${file}:${i + 1}`,
        hint: 'expected lines like `RAM 2020/7852MB ... CPU [9%@345,...] ... VDD_IN 3140/3208`',
      });
    }
    out.push({ line: i + 1, sample });
  }
  if (out.length === 0) {
    throw new ConfigError('HIL_TEGRASTATS_EMPTY', `${file}: no tegrastats lines in the file`, { where: file });
  }
  return out;
}

/** Instantaneous rail readings (mW) of one sample. */
export function railCurrentsMw(sample: TegrastatsSample): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, rail] of Object.entries(sample.rails)) out[name] = rail.currentMw;
  return out;
}

/** The board total of one sample (input rail, else sum of rails); null when it printed no rails. */
export function tegrastatsTotalPower(sample: TegrastatsSample): TotalPower | null {
  return totalPowerFromRails(railCurrentsMw(sample));
}

/** tegrastats reads whole mW; µW keeps every digit that means something and drops float noise. */
const roundW = (w: number): number => Math.round(w * 1e6) / 1e6;

/**
 * Mean and max W of the board total and of each rail, over instantaneous readings (not
 * tegrastats' running averages, which start at boot or at tegrastats' start).
 * The total's source is decided once for the whole log, from every rail name seen: a sample that
 * lacks the input rail, or (for `sum`) lacks any rail others have, is left out of the total so a
 * cut-off line cannot drag a sum down.
 */
export function summarizeTegrastats(samples: readonly TegrastatsSample[]): TegrastatsSummary {
  const railNames = new Set<string>();
  for (const s of samples) for (const name of Object.keys(s.rails)) railNames.add(name);
  const source = totalPowerSource(railNames);

  const rails: TegrastatsSummary['rails'] = {};
  for (const name of railNames) {
    const watts = samples.flatMap((s) => (s.rails[name] ? [s.rails[name].currentMw / 1000] : []));
    const summary = summarizeWatts(watts);
    if (summary) rails[name] = { meanW: roundW(summary.meanW), maxW: roundW(summary.maxW) };
  }

  let total: TegrastatsSummary['total'] = null;
  if (source !== null) {
    const totals: number[] = [];
    for (const s of samples) {
      const complete: boolean = source === 'sum' ? [...railNames].every((n) => n in s.rails) : source in s.rails;
      const t: TotalPower | null = complete ? tegrastatsTotalPower(s) : null;
      if (t !== null && t.source === source) totals.push(t.mW / 1000);
    }
    const summary = summarizeWatts(totals);
    if (summary) total = { source, meanW: roundW(summary.meanW), maxW: roundW(summary.maxW) };
  }
  return { samples: samples.length, total, rails };
}
