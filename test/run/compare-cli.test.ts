/**
 * Black box, the must-show of `--compare-to`: in a git repository, the pruned model's file is
 * replaced by a heavier network (the baseline's file) and committed. `hil run --compare-to HEAD~1`
 * measures old and new interleaved on the local device and fails the latency comparison (exit 1);
 * `--compare-to HEAD` finds nothing changed and lists the model as unchanged (exit 0).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heavierModelRepo } from '../support/compare-project.js';
import { runHil, type TempProject } from '../support/temp-project.js';

let project: TempProject;

interface CompareJson {
  exitCode: number;
  planned: number;
  decided: number;
  checks: Array<{ model: string; check: string; status: string; required: boolean; verdict: { value: number | null; message: string } | null }>;
  compare: { ref: string; commit: string; models: Array<{ name: string; status: string; why: string; results: Array<{ latency?: { ratio: number; ci: [number, number]; decision: string }; accuracy?: { oldMap50: number; newMap50: number; perClass: unknown[] } }> }> };
}

beforeAll(() => {
  project = heavierModelRepo();
}, 60_000);
afterAll(() => project?.cleanup());

describe('hil run --compare-to REF', () => {
  it('a heavier model against HEAD~1: interleaved on one board, the latency comparison fails (exit 1)', async () => {
    const result = await runHil(project.dir, ['run', '--device', 'local', '--model', 'vgg-ssd-mini-pruned', '--compare-to', 'HEAD~1', '--json']);
    expect(result.code, result.stderr.slice(-2000)).toBe(1);
    const doc = JSON.parse(result.stdout) as CompareJson;
    const latency = doc.checks.find((c) => c.check === 'compare-latency')!;
    expect(latency).toMatchObject({ model: 'vgg-ssd-mini-pruned', status: 'failed', required: true });
    expect(latency.verdict!.value).toBeGreaterThan(20); // the baseline network is about twice as slow
    expect(latency.verdict!.message).toMatch(/new is slower by \+\d+\.\d+% \(98% CI .*block pairs\): significant and above the 5% minimum shift/);
    // Accuracy is compared the same way: the heavier network happens to score about the same.
    expect(doc.checks.find((c) => c.check === 'compare-map50')).toMatchObject({ required: true });
    const model = doc.compare.models.find((m) => m.name === 'vgg-ssd-mini-pruned')!;
    expect(model.status).toBe('changed');
    const [r] = model.results;
    expect(r!.latency!.decision).toBe('regression');
    expect(r!.latency!.ci[0]).toBeGreaterThan(1);
    expect(r!.accuracy!.perClass).toHaveLength(4);
    // The reviewer's evidence: overlaid distributions in Allure, the comparison in the job summary.
    const allure = path.join(project.dir, 'reports', 'allure-results');
    const results = readdirSync(allure).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(path.join(allure, f), 'utf8')) as { labels: Array<{ name: string; value: string }>; attachments: Array<{ name: string; type: string }> });
    const compareResult = results.find((x) => x.labels.some((l) => l.name === 'check' && l.value === 'compare-latency'))!;
    expect(compareResult.attachments.map((a) => a.name)).toEqual(expect.arrayContaining(['latency old vs new', 'compare-latency.json']));
    const summary = await runHil(project.dir, ['report', '--summary']);
    expect(summary.stdout).toContain('### Model changes vs `HEAD~1`');
    expect(summary.stdout).toMatch(/\| vgg-ssd-mini-pruned \| \*\*changed\*\* \|/);
    expect(summary.stdout).toMatch(/\| circle \| \d\.\d{4} \| \d\.\d{4} \|/);
  }, 300_000);

  it('against HEAD nothing changed: the model is listed as unchanged, no comparison planned (exit 0)', async () => {
    const result = await runHil(project.dir, ['run', '--device', 'local', '--model', 'vgg-ssd-mini-pruned', '--compare-to', 'HEAD', '--json']);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const doc = JSON.parse(result.stdout) as CompareJson;
    expect(doc.compare.models).toEqual([{ name: 'vgg-ssd-mini-pruned', status: 'unchanged', newSha256: expect.any(String), oldSha256: expect.any(String), why: 'same ONNX content at HEAD', results: [] }]);
    expect(doc.checks.some((c) => c.check.startsWith('compare-'))).toBe(false);
  }, 300_000);

  it('a revision that does not exist is a config error naming the flag (exit 3)', async () => {
    const result = await runHil(project.dir, ['run', '--compare-to', 'no-such-branch']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/--compare-to no-such-branch: no such commit in this repository/);
  });
});
