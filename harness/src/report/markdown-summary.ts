/**
 * The markdown a CI job writes to its summary ($GITHUB_STEP_SUMMARY): the outcome in one line,
 * the comparison table, and every verdict (problems first, with their messages).
 */
import type { ModelMeasurement } from '../results/check-result.js';
import { formatBaseline, formatLimit, formatMeasured } from './allure/check-description.js';
import { countStatuses, type VerdictRow } from './console-table.js';
import { buildComparisonTable, type ModelFacts } from './table/comparison-table.js';
import { renderMarkdown } from './table/render-table.js';

export interface MarkdownSummaryInput {
  title?: string;
  checks: readonly VerdictRow[];
  measurements: readonly ModelMeasurement[];
  facts?: Readonly<Record<string, ModelFacts>>;
  /** e.g. the run id and devices, shown under the title. */
  context?: string;
}

const ORDER = { broken: 0, failed: 1, invalid: 2, skipped: 3, passed: 4 } as const;
const ICON = { passed: '✅', failed: '❌', broken: '⚠️', invalid: '⚠️', skipped: '⏭️' } as const;

export function renderMarkdownSummary(input: MarkdownSummaryInput): string {
  const counts = countStatuses(input.checks);
  const outcome =
    counts.broken > 0 ? 'infrastructure problems: results are incomplete' : counts.failed > 0 ? 'verdicts failed' : 'all checks passed';
  const lines = [`## ${input.title ?? 'hil model regression'}: ${outcome}`, ''];
  if (input.context) lines.push(input.context, '');
  lines.push(
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `**${n}** ${s}`)
      .join(' · ') || 'no checks ran',
    '',
    '### Comparison',
    '',
    renderMarkdown(buildComparisonTable(input.measurements, input.facts)),
    '### Verdicts',
    '',
  );
  if (input.checks.length === 0) {
    lines.push('_No checks ran._');
  } else {
    lines.push('| | model | device | target | check | value | budget | baseline | message |', '|---|---|---|---|---|---:|---:|---:|---|');
    const sorted = [...input.checks].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.model.localeCompare(b.model) || a.check.localeCompare(b.check));
    for (const r of sorted) {
      const v = r.verdict;
      const message = r.status === 'broken' ? (r.error ?? v?.message ?? '') : (v?.message ?? r.error ?? '');
      lines.push(
        `| ${ICON[r.status]} ${r.status} | ${cell(r.model)} | ${cell(r.device === r.board ? r.device : `${r.device}/${r.board}`)} | ${r.target} | ${cell(r.check)} | ` +
          `${v ? formatMeasured(v.value, v.unit) : ''} | ${v ? (formatLimit(v) ?? '') : ''} | ${v ? (formatBaseline(v) ?? '') : ''} | ${cell(message.split('\n')[0] ?? '')} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}
