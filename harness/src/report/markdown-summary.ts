/**
 * The markdown a CI job writes to its summary ($GITHUB_STEP_SUMMARY): the outcome in one line,
 * `planned N, decided N`, an emulation warning where any figure is emulated, the comparisons of a
 * `--compare-to` run, the comparison table, every verdict (problems first, with their messages)
 * and the figures (measured, no limit).
 */
import type { ModelMeasurement } from '../results/check-result.js';
import { formatBaseline, formatLimit, formatMeasured } from './allure/check-description.js';
import { countStatuses, EMULATED_MARK, whereOf, type VerdictRow } from './console-table.js';
import type { Figure } from './figures.js';
import { buildComparisonTable, type ModelFacts } from './table/comparison-table.js';
import { renderMarkdown } from './table/render-table.js';

export interface MarkdownSummaryInput {
  title?: string;
  checks: readonly VerdictRow[];
  measurements: readonly ModelMeasurement[];
  facts?: Readonly<Record<string, ModelFacts>>;
  /** e.g. the run id and devices, shown under the title. */
  context?: string;
  /** `planned 19, decided 19: ...`. */
  decisionLine?: string;
  problems?: ReadonlyArray<{ code: string; message: string }>;
  figures?: readonly Figure[];
  /** Markdown of the old-vs-new comparisons (`--compare-to`), shown first. */
  comparisons?: string;
}

const ORDER = { broken: 0, failed: 1, invalid: 2, skipped: 3, passed: 4 } as const;
const ICON = { passed: '✅', failed: '❌', broken: '⚠️', invalid: '⚠️', skipped: '⏭️' } as const;

export function renderMarkdownSummary(input: MarkdownSummaryInput): string {
  const counts = countStatuses(input.checks);
  const broken = counts.broken > 0 || (input.problems?.length ?? 0) > 0;
  const outcome = broken ? 'infrastructure problems: results are incomplete' : counts.failed > 0 ? 'verdicts failed' : 'every planned check decided, none failed';
  const lines = [`## ${input.title ?? 'hil model regression'}: ${outcome}`, ''];
  if (input.context) lines.push(input.context, '');
  lines.push(
    input.decisionLine ??
      (Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `**${n}** ${s}`)
        .join(' · ') || 'no checks ran'),
    '',
  );
  const emulated = input.checks.filter((c) => c.emulated).length;
  if (emulated > 0) {
    lines.push(
      `> [!WARNING]`,
      `> **Emulated**: ${emulated} of ${input.checks.length} checks ran on emulated boards or targets (\`hil emulate\`, a fake trtexec), marked ${EMULATED_MARK}. Their figures are not measurements of real hardware.`,
      '',
    );
  }
  for (const p of input.problems ?? []) lines.push(`⚠️ **run problem** \`${p.code}\`: ${cell(p.message.split('\n')[0] ?? '')}`, '');
  if (input.comparisons) lines.push(input.comparisons, '');
  lines.push('### Comparison', '', renderMarkdown(buildComparisonTable(input.measurements, input.facts)), '### Verdicts', '');
  if (input.checks.length === 0) {
    lines.push('_No checks ran._');
  } else {
    lines.push('| | model | device | target | check | value | limit | baseline | message |', '|---|---|---|---|---|---:|---:|---:|---|');
    const sorted = [...input.checks].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.model.localeCompare(b.model) || a.check.localeCompare(b.check));
    for (const r of sorted) {
      const v = r.verdict;
      const message = r.status === 'broken' ? (r.error ?? v?.message ?? '') : (v?.message ?? r.error ?? '');
      lines.push(
        `| ${ICON[r.status]} ${r.status} | ${cell(r.model)} | ${cell(whereOf(r))} | ${r.target} | ${cell(r.check)}${r.required ? ' (required)' : ''} | ` +
          `${v ? formatMeasured(v.value, v.unit) : ''} | ${v ? (formatLimit(v) ?? '') : ''} | ${v ? (formatBaseline(v) ?? '') : ''} | ${cell(message.split('\n')[0] ?? '')} |`,
      );
    }
  }
  if (input.figures && input.figures.length > 0) {
    lines.push('', '### Figures (measured, no limit: never counted as passed)', '', '| model | device | target | figure | value | note |', '|---|---|---|---|---:|---|');
    for (const f of input.figures) lines.push(`| ${cell(f.model)} | ${cell(whereOf(f))} | ${f.target} | ${f.name} | ${formatMeasured(f.value, f.unit)} | ${cell(f.note)} |`);
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}
