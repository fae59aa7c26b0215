/**
 * The console table a run prints at the end: model × check with value, budget, baseline and
 * verdict, aligned as plain text. Colour only when the caller says the stream is a terminal
 * (see `useColor`); problems are listed under the table with their messages.
 */
import type { CheckStatus, Verdict } from '../results/check-result.js';
import { formatBaseline, formatLimit, formatMeasured } from './allure/check-description.js';

/** One check's outcome; `CheckRecord` (reports/runs/<runId>/checks/*.json) has this shape. */
export interface VerdictRow {
  model: string;
  device: string;
  board: string;
  target: string;
  check: string;
  status: CheckStatus;
  verdict: Verdict | null;
  /** Error text of a broken check. */
  error?: string;
}

export interface ConsoleTableOptions {
  color?: boolean;
}

const STATUS_TEXT: Record<CheckStatus, string> = {
  passed: 'passed',
  failed: 'FAILED',
  broken: 'BROKEN',
  skipped: 'skipped',
  invalid: 'INVALID',
};

const ANSI: Partial<Record<CheckStatus, string>> = { passed: '32', failed: '31', broken: '33', invalid: '33', skipped: '90' };

/** Colour for a stream: a TTY, unless NO_COLOR is set (https://no-color.org) or FORCE_COLOR=0. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  return stream.isTTY === true;
}

export function renderConsoleTable(rows: readonly VerdictRow[], options: ConsoleTableOptions = {}): string {
  if (rows.length === 0) return 'no checks ran\n';
  const header = ['model', 'device', 'target', 'check', 'value', 'budget', 'baseline', 'verdict'];
  const numeric = new Set([4, 5, 6]);
  const cells = rows.map((r) => [
    r.model,
    r.device === r.board ? r.device : `${r.device}/${r.board}`,
    r.target,
    r.check,
    r.verdict ? formatMeasured(r.verdict.value, r.verdict.unit) : '',
    r.verdict ? (formatLimit(r.verdict) ?? '') : '',
    r.verdict ? (formatBaseline(r.verdict) ?? '') : '',
    STATUS_TEXT[r.status],
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const fmt = (row: string[]) =>
    row
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const paint = (status: CheckStatus, text: string) => (options.color && ANSI[status] ? `\u001b[${ANSI[status]}m${text}\u001b[0m` : text);
  const lines = [fmt(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  rows.forEach((r, i) => {
    const line = fmt(cells[i]!);
    // Colour the verdict cell only; the padding before it stays plain so alignment holds.
    const cut = line.lastIndexOf(STATUS_TEXT[r.status]);
    lines.push(line.slice(0, cut) + paint(r.status, line.slice(cut)));
  });
  const counts = countStatuses(rows);
  lines.push('', Object.entries(counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', '));
  const problems = rows.filter((r) => r.status !== 'passed' && r.status !== 'skipped');
  if (problems.length > 0) {
    lines.push('');
    for (const r of problems) {
      const message = r.status === 'broken' ? (r.error ?? r.verdict?.message ?? 'no message') : (r.verdict?.message ?? r.error ?? 'no message');
      lines.push(`${paint(r.status, STATUS_TEXT[r.status])} ${r.model} ${r.check} on ${r.board}: ${firstLine(message)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function countStatuses(rows: readonly { status: CheckStatus }[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { passed: 0, failed: 0, broken: 0, invalid: 0, skipped: 0 };
  for (const r of rows) counts[r.status] += 1;
  return counts;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}
