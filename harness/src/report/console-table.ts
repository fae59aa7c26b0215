/**
 * The console table a run prints at the end: model × check with value, limit, baseline and
 * verdict, aligned as plain text; then the figures (measured, no limit: never counted as passed),
 * the planned/decided line and the problems with their messages. A figure from an emulated board
 * or target carries a mark and the legend says what it means. Colour only when the caller says
 * the stream is a terminal (see `useColor`).
 */
import type { CheckStatus, Verdict } from '../results/check-result.js';
import { formatBaseline, formatLimit, formatMeasured } from './allure/check-description.js';
import type { Figure } from './figures.js';

/** One check's outcome; `CheckRecord` (reports/runs/<runId>/checks/*.json) has this shape. */
export interface VerdictRow {
  /** The Playwright project (`jetson2:igpu`). */
  project?: string;
  model: string;
  device: string;
  board: string;
  target: string;
  check: string;
  status: CheckStatus;
  verdict: Verdict | null;
  /** Error text of a broken check. */
  error?: string;
  emulated?: boolean;
  required?: boolean;
}

export interface ConsoleTableOptions {
  color?: boolean;
  figures?: readonly Figure[];
  /** `planned 19, decided 19: ...` (from the run's decision); counts of the rows when absent. */
  decisionLine?: string;
  /** Problems of the run itself (Playwright failed with no check saying why). */
  problems?: ReadonlyArray<{ code: string; message: string }>;
}

/** The mark of a figure from an emulated board or target, and its legend. */
export const EMULATED_MARK = '*';
export const EMULATED_LEGEND = `${EMULATED_MARK} emulated board or target (hil emulate, a fake trtexec): not a figure of real hardware`;

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

/** `jetson2/tx2-01*`: where a figure comes from, marked when emulated. */
export function whereOf(r: { device: string; board: string; emulated?: boolean }): string {
  return `${r.device === r.board ? r.device : `${r.device}/${r.board}`}${r.emulated ? EMULATED_MARK : ''}`;
}

function align(header: string[], cells: string[][], numeric: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const fmt = (row: string[]) =>
    row
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(fmt)];
}

export function renderConsoleTable(rows: readonly VerdictRow[], options: ConsoleTableOptions = {}): string {
  if (rows.length === 0) return 'no checks ran\n';
  const paint = (status: CheckStatus, text: string) => (options.color && ANSI[status] ? `\u001b[${ANSI[status]}m${text}\u001b[0m` : text);
  const cells = rows.map((r) => [
    r.model,
    whereOf(r),
    r.target,
    r.check + (r.required ? ' (required)' : ''),
    r.verdict ? formatMeasured(r.verdict.value, r.verdict.unit) : '',
    r.verdict ? (formatLimit(r.verdict) ?? '') : '',
    r.verdict ? (formatBaseline(r.verdict) ?? '') : '',
    STATUS_TEXT[r.status],
  ]);
  const table = align(['model', 'device', 'target', 'check', 'value', 'limit', 'baseline', 'verdict'], cells, new Set([4, 5, 6]));
  const lines = table.slice(0, 2);
  rows.forEach((r, i) => {
    const line = table[i + 2]!;
    // Colour the verdict cell only; the padding before it stays plain so alignment holds.
    const cut = line.lastIndexOf(STATUS_TEXT[r.status]);
    lines.push(line.slice(0, cut) + paint(r.status, line.slice(cut)));
  });
  const figures = options.figures ?? [];
  if (figures.length > 0) {
    lines.push('', 'figures (measured, no limit on this device: shown, never counted as passed)');
    const figureCells = figures.map((f) => [f.model, whereOf(f), f.target, f.name, formatMeasured(f.value, f.unit), f.note]);
    lines.push(...align(['model', 'device', 'target', 'figure', 'value', 'note'], figureCells, new Set([4])));
  }
  if (rows.some((r) => r.emulated) || figures.some((f) => f.emulated)) lines.push('', EMULATED_LEGEND);
  const counts = countStatuses(rows);
  lines.push('', options.decisionLine ?? Object.entries(counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', '));
  const problems = rows.filter((r) => r.status !== 'passed' && r.status !== 'skipped');
  if (problems.length > 0 || (options.problems?.length ?? 0) > 0) {
    lines.push('');
    for (const p of options.problems ?? []) lines.push(`${paint('broken', 'BROKEN')} run: [${p.code}] ${firstLine(p.message)}`);
    for (const r of problems) {
      const message = r.status === 'broken' ? (r.error ?? r.verdict?.message ?? 'no message') : (r.verdict?.message ?? r.error ?? 'no message');
      lines.push(`${paint(r.status, STATUS_TEXT[r.status])} ${r.model} ${r.check} on ${r.board}${r.emulated ? EMULATED_MARK : ''}: ${firstLine(message)}`);
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
