/**
 * `hil power summarize LOG`: the power summary of a tegrastats log a user recorded by hand.
 * The IO edge of tegrastats-log.ts.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../errors.js';
import { parseTegrastatsLog, summarizeTegrastats, type TegrastatsSummary } from './tegrastats-log.js';

export async function summarizeTegrastatsLog(file: string): Promise<TegrastatsSummary> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? 'error'})`;
    // The message already says why; no cause chain, so the user sees one line naming the file.
    throw new ConfigError('HIL_TEGRASTATS_READ', `${file}: ${why}`, { where: file });
  }
  if (text.includes('\u0000')) {
    throw new ConfigError('HIL_TEGRASTATS_PARSE', `${file}: binary file, not a tegrastats log`, { where: file });
  }
  return summarizeTegrastats(parseTegrastatsLog(text, file).map((l) => l.sample));
}

/** Console rendering: one line per rail, the total first. */
export function formatTegrastatsSummary(file: string, summary: TegrastatsSummary): string {
  const w = (x: number): string => `${x.toFixed(3)} W`;
  const lines = [`${file}: ${summary.samples} ${summary.samples === 1 ? 'sample' : 'samples'}`];
  if (summary.total === null) lines.push('total: not measured (the board printed no power rails)');
  else lines.push(`total (${summary.total.source}): mean ${w(summary.total.meanW)}, max ${w(summary.total.maxW)}`);
  const names = Object.keys(summary.rails);
  const width = Math.max(0, ...names.map((n) => n.length));
  for (const name of names) {
    const r = summary.rails[name]!;
    lines.push(`  ${name.padEnd(width)}  mean ${w(r.meanW)}  max ${w(r.maxW)}`);
  }
  return lines.join('\n');
}
