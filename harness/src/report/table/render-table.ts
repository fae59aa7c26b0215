/**
 * The comparison table as Markdown (GitHub job summary, README), standalone HTML, or CSV. The
 * board and runner columns appear only when they tell rows apart.
 */
import { ConfigError } from '../../errors.js';
import type { ComparisonMetrics, ComparisonRow } from './comparison-table.js';
import { EMULATED_LEGEND, EMULATED_MARK } from '../console-table.js';
import { fixed, macs, megabytes, milliseconds, NOT_MEASURED, percentOfOne, signedPercent } from './format-values.js';

export type TableFormat = 'md' | 'html' | 'csv';
export const TABLE_FORMATS: readonly TableFormat[] = ['md', 'html', 'csv'];

interface Column {
  header: string;
  cell: (r: ComparisonRow) => string;
  numeric?: boolean;
}

const CHANGE_LABELS: [keyof ComparisonMetrics, string][] = [
  ['inferenceMs', 'ms'],
  ['fps', 'FPS'],
  ['map', 'mAP'],
  ['weightsMB', 'weights'],
  ['macs', 'MACs'],
  ['meanW', 'W'],
  ['mjPerInference', 'mJ'],
];

/** `vs vgg-ssd: ms −20.7%, FPS +26.1%, mAP +0.1%`; `baseline` for baseline rows. */
export function describeChange(row: ComparisonRow): string {
  if (!row.vsBaseline) return row.variant === 'baseline' ? 'baseline' : 'no baseline measured';
  const parts = CHANGE_LABELS.flatMap(([k, label]) => {
    const v = row.vsBaseline!.change[k];
    // The same file at another precision: unchanged weights and MACs say nothing.
    if (v === 0 && (k === 'weightsMB' || k === 'macs')) return [];
    return v === null ? [] : [`${label} ${signedPercent(v)}`];
  });
  return `vs ${row.vsBaseline.network}: ${parts.length ? parts.join(', ') : NOT_MEASURED}`;
}

function columns(rows: readonly ComparisonRow[]): Column[] {
  const boardsPerDevice = new Map<string, Set<string>>();
  for (const r of rows) boardsPerDevice.set(r.device, (boardsPerDevice.get(r.device) ?? new Set()).add(r.board));
  const showBoard = [...boardsPerDevice.values()].some((b) => b.size > 1);
  const showRunner = new Set(rows.map((r) => r.runner)).size > 1;
  const cols: Column[] = [
    { header: 'network', cell: (r) => r.network },
    { header: 'device', cell: (r) => `${r.device}${r.emulated ? EMULATED_MARK : ''}` },
  ];
  if (showBoard) cols.push({ header: 'board', cell: (r) => r.board });
  cols.push({ header: 'target', cell: (r) => r.target });
  if (rows.some((r) => r.precision !== null)) cols.push({ header: 'precision', cell: (r) => r.precision ?? NOT_MEASURED });
  if (showRunner) cols.push({ header: 'runner', cell: (r) => r.runner });
  cols.push(
    { header: 'inference ms', cell: (r) => milliseconds(r.inferenceMs), numeric: true },
    { header: 'FPS', cell: (r) => (r.fps === null ? NOT_MEASURED : `${r.fps.toFixed(1)}${r.fpsBatch ? ` (batch ${r.fpsBatch})` : ''}`), numeric: true },
    { header: 'mAP %', cell: (r) => percentOfOne(r.map), numeric: true },
    { header: 'AP50 %', cell: (r) => percentOfOne(r.map50), numeric: true },
    { header: 'weights MB', cell: (r) => megabytes(r.weightsMB), numeric: true },
    { header: 'MACs', cell: (r) => macs(r.macs), numeric: true },
    { header: 'params', cell: (r) => (r.params === null ? NOT_MEASURED : r.params.toLocaleString('en-US')), numeric: true },
    { header: 'nodes', cell: (r) => (r.nodes === null ? NOT_MEASURED : String(r.nodes)), numeric: true },
    { header: 'mean W', cell: (r) => fixed(r.meanW, 2), numeric: true },
    { header: 'mJ/inference', cell: (r) => fixed(r.mjPerInference, 1), numeric: true },
    { header: 'vs baseline (or FP32)', cell: describeChange },
  );
  return cols;
}

export function renderComparisonTable(rows: readonly ComparisonRow[], format: TableFormat): string {
  switch (format) {
    case 'md':
      return renderMarkdown(rows);
    case 'html':
      return renderHtml(rows);
    case 'csv':
      return renderCsv(rows);
    default:
      throw new ConfigError('HIL_TABLE_FORMAT', `unknown table format "${String(format)}"`, { hint: `use one of ${TABLE_FORMATS.join(', ')}` });
  }
}

export function renderMarkdown(rows: readonly ComparisonRow[]): string {
  if (rows.length === 0) return '_No measurements._\n';
  const cols = columns(rows);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `| ${cols.map((c) => c.header).join(' | ')} |`,
    `|${cols.map((c) => (c.numeric ? '---:' : ':---')).join('|')}|`,
    ...rows.map((r) => `| ${cols.map((c) => esc(c.cell(r))).join(' | ')} |`),
  ];
  if (rows.some((r) => r.emulated)) lines.push('', `\\${EMULATED_LEGEND}`);
  return `${lines.join('\n')}\n`;
}

export function renderHtml(rows: readonly ComparisonRow[], title = 'hil: model comparison'): string {
  const cols = columns(rows);
  const esc = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const head = cols.map((c) => `<th${c.numeric ? ' class="num"' : ''}>${esc(c.header)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${cols.map((c) => `<td${c.numeric ? ' class="num"' : ''}>${esc(c.cell(r))}</td>`).join('')}</tr>`)
    .join('\n');
  // Self-contained: inline style only, nothing loaded from anywhere.
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;font-size:14px}
th,td{border:1px solid #ccc;padding:4px 8px;white-space:nowrap}
th{background:#f2f2f2;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr:nth-child(even) td{background:#fafafa}
</style></head>
<body><h1>${esc(title)}</h1>
${rows.length === 0 ? '<p>No measurements.</p>' : `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`}${rows.some((r) => r.emulated) ? `\n<p class="emulated"><strong>${esc(EMULATED_LEGEND)}</strong></p>` : ''}
</body></html>
`;
}

/** CSV keeps raw units (mAP as a 0-1 fraction) and one column per change; "not measured" stays literal. */
export function renderCsv(rows: readonly ComparisonRow[]): string {
  const num = (v: number | null) => (v === null ? NOT_MEASURED : String(Number(v.toPrecision(6))));
  const header = [
    'network', 'variant', 'device', 'board', 'target', 'runner', 'emulated',
    'precision', 'inference_ms', 'fps', 'fps_batch', 'map', 'map50', 'weights_mb', 'macs', 'params', 'nodes', 'mean_w', 'mj_per_inference',
    'baseline', 'change_inference_ms_pct', 'change_fps_pct', 'change_map_pct', 'change_weights_pct', 'change_macs_pct', 'change_mean_w_pct', 'change_mj_pct',
  ];
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = rows.map((r) => {
    const change = (k: keyof ComparisonMetrics) => (r.vsBaseline ? num(r.vsBaseline.change[k]) : '');
    return [
      r.network, r.variant, r.device, r.board, r.target, r.runner, String(r.emulated),
      r.precision ?? '', num(r.inferenceMs), num(r.fps), r.fpsBatch === null ? '' : String(r.fpsBatch), num(r.map), num(r.map50),
      num(r.weightsMB), num(r.macs), num(r.params), num(r.nodes), num(r.meanW), num(r.mjPerInference),
      r.vsBaseline?.network ?? '', change('inferenceMs'), change('fps'), change('map'), change('weightsMB'), change('macs'), change('meanW'), change('mjPerInference'),
    ].map(quote).join(',');
  });
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
