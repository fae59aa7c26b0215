import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
// Rendered outputs are kept under test-results/ (git-ignored) for a person to read.
const ARTIFACTS = join(process.cwd(), 'test-results', 'report-table');
mkdirSync(ARTIFACTS, { recursive: true });
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigIssuesError } from '../../harness/src/errors.js';
import type { ModelMeasurement } from '../../harness/src/results/check-result.js';
import { buildComparisonTable, percentChange } from '../../harness/src/report/table/comparison-table.js';
import { loadMeasurements } from '../../harness/src/report/table/load-measurements.js';
import { renderComparisonTable } from '../../harness/src/report/table/render-table.js';
import { renderConsoleTable, useColor, type VerdictRow } from '../../harness/src/report/console-table.js';
import { renderMarkdownSummary } from '../../harness/src/report/markdown-summary.js';

const tempDirs: string[] = [];
afterEach(() => {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function measurement(over: Partial<ModelMeasurement> & Pick<ModelMeasurement, 'model' | 'variant'>): ModelMeasurement {
  return {
    device: 'jetson2',
    board: 'tx2-01',
    target: 'igpu',
    runner: 'trtexec',
    power: null,
    provenance: {},
    ...over,
  };
}

const latency = (medianMs: number) => ({
  n: 700, minMs: medianMs * 0.9, medianMs, meanMs: medianMs, p90Ms: medianMs * 1.1, p99Ms: medianMs * 1.3, maxMs: medianMs * 1.5,
  fps: 1000 / medianMs, medianCi95Ms: [medianMs * 0.99, medianMs * 1.01] as [number, number], durationMs: 10_000,
});

// VGG-SSD and its pruned variant on a TX2, as in the seed study (figures made up for the test).
const vgg = measurement({
  model: 'vgg-ssd', variant: 'baseline', latency: latency(100), accuracy: { map: 0.5, map50: 0.77, map75: 0.5, stats: [], images: 500 },
  power: { source: 'VDD_IN', meanW: 12, maxW: 14, samples: 100, windowMs: 10_000, energyPerInferenceMj: 1200 },
  provenance: { weightsBytes: 105_000_000, macs: 31e9 },
});
const pruned = measurement({
  model: 'vgg-ssd-pruned', variant: 'pruned', latency: latency(79.3), accuracy: { map: 0.5005, map50: 0.771, map75: 0.5, stats: [], images: 500 },
  power: { source: 'VDD_IN', meanW: 11.4, maxW: 13, samples: 100, windowMs: 10_000, energyPerInferenceMj: 904 },
  provenance: { baseline: 'vgg-ssd', weightsBytes: 60_000_000, macs: 19e9 },
});
const squeeze = measurement({ model: 'squeezenet-ssd', variant: 'other', device: 'local', board: 'local', target: 'cpu', runner: 'ort-agent', latency: latency(40), power: null });

describe('comparison table', () => {
  it('computes pruned-vs-baseline change in % and keeps unmeasured values null', () => {
    const rows = buildComparisonTable([pruned, squeeze, vgg]);
    expect(rows.map((r) => r.network)).toEqual(['vgg-ssd', 'vgg-ssd-pruned', 'squeezenet-ssd']);
    const p = rows[1]!;
    expect(p.vsBaseline?.network).toBe('vgg-ssd');
    expect(p.vsBaseline!.change.inferenceMs).toBeCloseTo(-20.7, 6);
    expect(p.vsBaseline!.change.fps).toBeCloseTo((100 / 79.3 - 1) * 100, 6);
    expect(p.vsBaseline!.change.map).toBeCloseTo(0.1, 6);
    expect(p.weightsMB).toBe(60);
    expect(rows[0]!.vsBaseline).toBeNull();
    const s = rows[2]!;
    expect([s.meanW, s.mjPerInference, s.map, s.weightsMB, s.macs]).toEqual([null, null, null, null, null]);
    expect(percentChange(null, 3)).toBeNull();
    expect(percentChange(3, 0)).toBeNull();
  });

  it('renders markdown, html and csv with "not measured" instead of 0', () => {
    const rows = buildComparisonTable([vgg, pruned, squeeze]);
    const md = renderComparisonTable(rows, 'md');
    writeFileSync(join(ARTIFACTS, 'comparison.md'), md);
    writeFileSync(join(ARTIFACTS, 'comparison.html'), renderComparisonTable(rows, 'html'));
    expect(md.split('\n')[0]).toBe('| network | device | target | runner | inference ms | FPS | mAP % | AP50 % | weights MB | MACs | params | nodes | mean W | mJ/inference | vs baseline (or FP32) |');
    expect(md).toContain('| vgg-ssd-pruned | jetson2 | igpu | trtexec | 79.30 | 12.6 | 50.0 | 77.1 | 60.0 | 19.00 G | not measured | not measured | 11.40 | 904.0 | vs vgg-ssd: ms −20.7%, FPS +26.1%, mAP +0.1%, weights −42.9%, MACs −38.7%, W −5.0%, mJ −24.7% |');
    expect(md).toContain('| squeezenet-ssd | local | cpu | ort-agent | 40.00 | 25.0 | not measured | not measured | not measured | not measured | not measured | not measured | not measured | not measured | no baseline measured |');
    const html = renderComparisonTable(rows, 'html');
    expect(html).toContain('<td class="num">not measured</td>');
    expect(html).not.toMatch(/https?:\/\//);
    const csv = renderComparisonTable(rows, 'csv').trim().split('\n');
    expect(csv[0]!.startsWith('network,variant,device,board,target,runner,emulated,precision,inference_ms,fps,fps_batch,map,map50')).toBe(true);
    expect(csv.find((l) => l.startsWith('squeezenet-ssd'))).toContain(',not measured,');
    expect(csv.find((l) => l.startsWith('vgg-ssd-pruned'))).toContain(',vgg-ssd,-20.7,');
  });

  it('loads measurement files from a run folder and reports bad ones by file and field', async () => {
    const run = mkdtempSync(join(tmpdir(), 'hil-table-'));
    tempDirs.push(run);
    mkdirSync(join(run, 'measurements'));
    writeFileSync(join(run, 'measurements', 'a.json'), JSON.stringify(vgg));
    writeFileSync(join(run, 'measurements', 'b.json'), JSON.stringify([pruned, squeeze]));
    expect((await loadMeasurements(run)).map((m) => m.model)).toEqual(['vgg-ssd', 'vgg-ssd-pruned', 'squeezenet-ssd']);
    writeFileSync(join(run, 'measurements', 'c.json'), JSON.stringify({ ...vgg, latency: { ...vgg.latency, fps: 'fast' }, board: undefined }));
    writeFileSync(join(run, 'measurements', 'd.json'), '{ nope');
    const error = await loadMeasurements(run).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigIssuesError);
    const message = (error as Error).message;
    expect(message).toMatch(/c\.json: board: /);
    expect(message).toMatch(/c\.json: latency\.fps: /);
    expect(message).toMatch(/d\.json: not valid JSON/);
  });
});

const rows: VerdictRow[] = [
  { model: 'vgg-ssd-pruned', device: 'jetson2', board: 'tx2-01', target: 'igpu', check: 'fps', status: 'passed', verdict: { check: 'fps', status: 'passed', value: 12.61, unit: 'fps', limit: { op: '>=', value: 10, source: 'x' }, message: 'ok' } },
  { model: 'vgg-ssd-pruned', device: 'jetson2', board: 'tx2-01', target: 'igpu', check: 'map-drop', status: 'failed', verdict: { check: 'map-drop', status: 'failed', value: 1.8, unit: 'points', limit: { op: '<=', value: 1, source: 'x' }, baseline: { value: 50, source: 'vgg-ssd' }, message: 'mAP dropped 1.8 points (limit 1)' } },
  { model: 'vgg-ssd', device: 'jetson2', board: 'tx2-02', target: 'igpu', check: 'power', status: 'broken', verdict: null, error: '[HIL_SSH] tx2-02: connection refused\ncaused by: ECONNREFUSED' },
];

describe('console table', () => {
  it('aligns columns as plain text with no colour codes unless asked', () => {
    const text = renderConsoleTable(rows);
    writeFileSync(join(ARTIFACTS, 'console.txt'), text);
    expect(text).not.toContain('\u001b[');
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^model\s+device\s+target\s+check\s+value\s+limit\s+baseline\s+verdict$/);
    expect(lines[2]).toMatch(/^vgg-ssd-pruned\s+jetson2\/tx2-01\s+igpu\s+fps\s+12\.61 fps\s+≥ 10 fps\s+passed$/);
    // Every row's verdict starts in the same column.
    const at = lines.slice(2, 5).map((l) => l.search(/passed|FAILED|BROKEN/));
    expect(new Set(at).size).toBe(1);
    expect(text).toContain('1 passed, 1 failed, 1 broken');
    expect(text).toContain('BROKEN vgg-ssd power on tx2-02: [HIL_SSH] tx2-02: connection refused\n');
    expect(renderConsoleTable(rows, { color: true })).toContain('\u001b[31mFAILED\u001b[0m');
  });

  it('uses colour only on a TTY without NO_COLOR', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
  });
});

describe('markdown summary', () => {
  it('has the outcome, the comparison table and the verdicts with problems first', () => {
    const md = renderMarkdownSummary({ checks: rows, measurements: [vgg, pruned], context: 'run 2024-01-01T00-00-00' });
    writeFileSync(join(ARTIFACTS, 'summary.md'), md);
    expect(md.startsWith('## hil model regression: infrastructure problems: results are incomplete\n')).toBe(true);
    expect(md).toContain('**1** passed · **1** failed · **1** broken');
    expect(md).toContain('### Comparison');
    expect(md).toContain('| vgg-ssd-pruned | jetson2 | igpu |');
    const verdicts = md.slice(md.indexOf('### Verdicts'));
    expect(verdicts.indexOf('broken')).toBeLessThan(verdicts.indexOf('failed'));
    expect(verdicts).toContain('| 1.8 points | ≤ 1 points | 50 points | mAP dropped 1.8 points (limit 1) |');
  });
});

describe('figures from emulated boards are marked wherever a person reads them', () => {
  const emulated = measurement({ ...pruned, model: 'vgg-ssd-pruned', variant: 'pruned', emulated: true });
  const emulatedRow: VerdictRow = { ...rows[0]!, emulated: true };

  it('the comparison table marks the device and explains the mark (md, html, csv)', () => {
    const table = buildComparisonTable([vgg, emulated]);
    expect(table.map((r) => r.emulated)).toEqual([false, true]);
    const md = renderComparisonTable(table, 'md');
    expect(md).toContain('| vgg-ssd-pruned | jetson2* | igpu |');
    expect(md).toContain('| vgg-ssd | jetson2 | igpu |');
    expect(md).toMatch(/emulated board or target \(hil emulate, a fake trtexec\): not a figure of real hardware/);
    expect(renderComparisonTable(table, 'html')).toContain('<td>jetson2*</td>');
    expect(renderComparisonTable(table, 'html')).toContain('not a figure of real hardware');
    expect(renderComparisonTable(table, 'csv').split('\n').find((l) => l.startsWith('vgg-ssd-pruned'))).toContain(',trtexec,true,');
    // Real measurements alone carry no legend.
    expect(renderComparisonTable(buildComparisonTable([vgg]), 'md')).not.toContain('emulated');
  });

  it('the console table marks the row, prints the legend, the figures and the decision line', () => {
    const text = renderConsoleTable([emulatedRow, rows[1]!], {
      figures: [{ project: 'jetson2:igpu', model: 'vgg-ssd-pruned', device: 'jetson2', board: 'tx2-01', target: 'igpu', name: 'throughput', value: 31.5, unit: 'FPS', note: 'batch 8; no limit on jetson2/igpu: recorded, not checked', emulated: true }],
      decisionLine: 'planned 2, decided 2: 1 passed, 1 failed',
    });
    expect(text).toMatch(/^vgg-ssd-pruned\s+jetson2\/tx2-01\*\s+igpu\s+fps/m);
    expect(text).toContain('figures (measured, no limit on this device: shown, never counted as passed)');
    expect(text).toMatch(/vgg-ssd-pruned\s+jetson2\/tx2-01\*\s+igpu\s+throughput\s+31\.5 FPS\s+batch 8; no limit/);
    expect(text).toContain('* emulated board or target (hil emulate, a fake trtexec): not a figure of real hardware');
    expect(text).toContain('planned 2, decided 2: 1 passed, 1 failed');
  });

  it('the job summary warns once and marks each row', () => {
    const md = renderMarkdownSummary({ checks: [emulatedRow, rows[1]!], measurements: [vgg, emulated], decisionLine: '**planned 2, decided 2**' });
    expect(md).toContain('> **Emulated**: 1 of 2 checks ran on emulated boards or targets');
    expect(md).toContain('| jetson2/tx2-01* | igpu | fps |');
    expect(md).toContain('**planned 2, decided 2**');
    expect(renderMarkdownSummary({ checks: [rows[1]!], measurements: [vgg] })).not.toContain('Emulated');
  });
});

describe('model facts for the table', () => {
  it('precision rows share their model file facts and are compared with the FP32 row; Q/DQ models read as INT8', async () => {
    const { loadModelFacts } = await import('../../harness/src/report/table/model-facts.js');
    const manifest = join(import.meta.dirname, '..', '..', 'golden', 'models', 'manifest.yaml');
    const facts = await loadModelFacts(manifest, ['pva-ssd-mini', 'vgg-ssd-mini-pruned@int8', 'vgg-ssd-mini-pruned-int8']);
    expect(facts['pva-ssd-mini']).toMatchObject({ precision: 'FP32', params: 1_260_228, nodes: 430, macs: 128_315_328 });
    expect(facts['vgg-ssd-mini-pruned@int8']).toMatchObject({ precision: 'INT8', baseline: 'vgg-ssd-mini-pruned', params: 556_004, nodes: 135 });
    expect(facts['vgg-ssd-mini-pruned-int8']).toMatchObject({ precision: 'INT8 (Q/DQ)', baseline: 'vgg-ssd-mini-pruned' });
  });
});
