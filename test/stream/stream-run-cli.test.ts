import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempProject, repoRoot, runHil, type TempProject } from '../support/temp-project.js';

// Black-box: the real bin and Playwright, a short rendered sequence, the tiny fixture model.
describe('hil run --suite stream on the local device', () => {
  let project: TempProject;
  beforeAll(() => {
    project = createTempProject();
    cpSync(path.join(repoRoot, 'suites', 'stream.spec.ts'), path.join(project.dir, 'suites', 'stream.spec.ts'));
    project.write(
      'suites/stream.suite.yaml',
      [
        'dataset: reports/.cache/sequences/test-seq',
        'models: [tiny-ssd]',
        'stream:',
        '  sequence: { seed: 3, frames: 24, size: 96x72 }',
        '  cameraFps: 60',
        '  policy: latest',
        '  warmup: 1',
      ].join('\n'),
    );
  });
  afterAll(() => project.cleanup());

  it('renders the sequence, runs the stream, records each check with a latency-over-time plot', async () => {
    const result = await runHil(project.dir, ['run', '--suite', 'stream', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      planned: number;
      decided: number;
      models: Array<{ model: string; figures: Array<{ name: string; value: number | null; note: string }>; stream: { policy: string; streams: Array<{ produced: number; processed: number; dropped: number; processedFps: number; glassToGlass: { p50Ms: number; p99Ms: number } }> } }>;
      checks: Array<{ check: string; status: string; verdict: { value: number | null } }>;
    };
    const stream = doc.models.find((m) => m.model === 'tiny-ssd')!.stream;
    expect(stream.policy).toBe('latest');
    expect(stream.streams).toHaveLength(1);
    const s = stream.streams[0]!;
    expect(s.produced).toBe(24);
    expect(s.processed + s.dropped).toBe(24);
    expect(s.glassToGlass.p99Ms).toBeGreaterThanOrEqual(s.glassToGlass.p50Ms);
    // local's stream budgets decide processed FPS and glass-to-glass p99; mAP on the processed
    // frames has no limit: a figure, recorded and shown, never a passed check.
    expect(doc.checks.map((c) => [c.check, c.status]).sort()).toEqual([['stream-fps', 'passed'], ['stream-p99', 'passed']]);
    expect([doc.planned, doc.decided]).toEqual([2, 2]);
    const map50 = doc.models[0]!.figures.find((f) => f.name === 'stream-map50')!;
    expect(map50.note).toMatch(/processed frames only; no limit on local/);

    const allure = path.join(project.dir, 'reports', 'allure-results');
    const results = readdirSync(allure).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(path.join(allure, f), 'utf8')) as { labels: Array<{ name: string; value: string }>; attachments: Array<{ name: string; type: string }> });
    const p99 = results.find((r) => r.labels.some((l) => l.name === 'check' && l.value === 'stream-p99'))!;
    expect(p99.attachments.some((a) => a.type === 'image/png' && a.name.startsWith('latency over time'))).toBe(true);
  });

  it('runs a wall of streams with --streams and reports each and the total', async () => {
    const result = await runHil(project.dir, ['run', '--suite', 'stream', '--streams', '2', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { models: Array<{ figures: Array<{ name: string; value: number }>; stream: { totalProcessedFps: number; streams: Array<{ stream: number; board: string; processedFps: number }> } }>; checks: Array<{ check: string; verdict: { value: number } }> };
    const stream = doc.models[0]!.stream;
    expect(stream.streams.map((s) => [s.stream, s.board])).toEqual([[0, 'local'], [1, 'local']]);
    expect(stream.totalProcessedFps).toBeCloseTo(stream.streams[0]!.processedFps + stream.streams[1]!.processedFps, 9);
    // The wall's total has no limit: a figure of the model, not a check.
    expect(doc.checks.some((c) => c.check === 'stream-total-fps')).toBe(false);
    expect(doc.models[0]!.figures.find((f) => f.name === 'stream-total-fps')!.value).toBeCloseTo(stream.totalProcessedFps, 9);
  });

  it('refuses --streams on a suite without a stream section, and a bad count (exit 3)', async () => {
    const other = await runHil(project.dir, ['run', '--streams', '2']);
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/--streams 2: suite "detection".*has no stream section/);
    const bad = await runHil(project.dir, ['run', '--suite', 'stream', '--streams', 'four']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/--streams must be an integer/);
  });
});
