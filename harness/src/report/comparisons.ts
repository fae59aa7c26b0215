/**
 * What `--compare-to REF` found, for a reviewer: every model (changed, unchanged, new) and, per
 * changed model and board, the latency ratio new ÷ old with its interval and the mAP@.5 and
 * per-class AP old → new. As console text and as markdown for the job summary. Pure.
 */
import type { ComparisonRecord, ModelMeasurement } from '../results/check-result.js';
import { EMULATED_MARK } from './console-table.js';

export interface CompareListing {
  ref: string;
  commit: string;
  models: ReadonlyArray<{ name: string; status: 'changed' | 'unchanged' | 'new'; why: string }>;
}

export interface ComparisonRow {
  model: string;
  where: string;
  record: ComparisonRecord;
}

export function comparisonRows(measurements: readonly ModelMeasurement[]): ComparisonRow[] {
  return measurements
    .filter((m) => m.compare)
    .map((m) => ({ model: m.model, where: `${m.device === m.board ? m.device : `${m.device}/${m.board}`}${m.target === 'cpu' ? '' : `:${m.target}`}${m.emulated ? EMULATED_MARK : ''}`, record: m.compare! }));
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}%`;

function latencyText(l: NonNullable<ComparisonRecord['latency']>): string {
  const verdict = l.decision === 'regression' ? 'SLOWER (regression)' : l.decision === 'insufficient' ? 'not decided' : 'no significant slowdown';
  return `latency ${l.oldMedianMs.toFixed(3)} → ${l.newMedianMs.toFixed(3)} ms, new ÷ old ${l.ratio.toFixed(4)} (${pct(l.shiftPct)}; ${(1 - 2 * l.alpha) * 100}% CI ${pct((l.ci[0] - 1) * 100)} … ${pct((l.ci[1] - 1) * 100)}, ${l.n} block pairs): ${verdict}`;
}

function accuracyText(a: NonNullable<ComparisonRecord['accuracy']>): string {
  return `mAP@.5 ${a.oldMap50.toFixed(4)} → ${a.newMap50.toFixed(4)} (drop ${a.dropPoints.toFixed(2)} points), mAP@[.5:.95] ${a.oldMap.toFixed(4)} → ${a.newMap.toFixed(4)}`;
}

export function renderComparisonsText(listing: CompareListing, rows: readonly ComparisonRow[]): string {
  const lines = [`compared with ${listing.ref} (${listing.commit.slice(0, 10)}):`];
  for (const m of listing.models) {
    if (m.status !== 'changed') {
      lines.push(`  ${m.name}: ${m.status} (${m.why})`);
      continue;
    }
    lines.push(`  ${m.name}: changed (${m.why})`);
    for (const r of rows.filter((x) => x.model === m.name)) {
      if (r.record.latency) lines.push(`    ${r.where}: ${latencyText(r.record.latency)}`);
      if (r.record.accuracy) lines.push(`    ${r.where}: ${accuracyText(r.record.accuracy)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function renderComparisonsMarkdown(listing: CompareListing, rows: readonly ComparisonRow[]): string {
  const lines = [`### Model changes vs \`${listing.ref}\` (${listing.commit.slice(0, 10)})`, '', '| model | status | why |', '|---|---|---|'];
  for (const m of listing.models) lines.push(`| ${m.name} | ${m.status === 'changed' ? '**changed**' : m.status} | ${m.why} |`);
  for (const m of listing.models.filter((x) => x.status === 'changed')) {
    for (const r of rows.filter((x) => x.model === m.name)) {
      lines.push('', `#### ${m.name} on ${r.where}`, '');
      if (r.record.latency) lines.push(`- ${latencyText(r.record.latency)}`);
      if (r.record.accuracy) {
        lines.push(`- ${accuracyText(r.record.accuracy)}`, '', '| class | AP@.5 old | AP@.5 new | change |', '|---|---:|---:|---:|');
        for (const c of r.record.accuracy.perClass) {
          const change = c.oldAp50 !== null && c.newAp50 !== null ? `${((c.newAp50 - c.oldAp50) * 100).toFixed(2)} points` : 'n/a';
          lines.push(`| ${c.name} | ${c.oldAp50?.toFixed(4) ?? 'n/a'} | ${c.newAp50?.toFixed(4) ?? 'n/a'} | ${change} |`);
        }
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
