import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempProject, runHil, type TempProject } from '../support/temp-project.js';

// Black-box: the real bin, real Playwright, real onnxruntime inference on the golden images.
describe('hil run on the local device', () => {
  let project: TempProject;
  beforeAll(() => {
    project = createTempProject({
      suite: [
        'dataset: golden/datasets/shapes-v1',
        'models: [tiny-ssd, tiny-ssd-pruned]',
        'overlays: 1',
        'tolerances:',
        // The untrained tiny model scores near 0 mAP: this tolerance must fail (a verdict, exit 1).
        '  tiny-ssd: { map50Min: 0.9 }',
        '  tiny-ssd-pruned: { map50Min: 0, map50DropMaxPoints: 1 }',
      ].join('\n'),
    });
  });
  afterAll(() => project.cleanup());

  it('measures, decides verdicts, exits 1 for a failed verdict and prints one JSON document', async () => {
    const result = await runHil(project.dir, ['run', '--json']);
    expect(result.code, result.stderr).toBe(1);
    const doc = JSON.parse(result.stdout) as {
      exitCode: number;
      planned: number;
      decided: number;
      decision: string;
      emulated: boolean;
      summary: Record<string, number>;
      models: Array<{
        model: string; board: string; map: number; map50: number; fps: number; meanW: number | null; powerNote: string | null; emulated: boolean;
        latency: { n: number; p99Ms: number; medianCi95Ms: number[] };
        verdicts: Array<{ check: string; status: string; required: boolean }>;
        figures: Array<{ name: string; value: number | null; unit: string; note: string }>;
      }>;
    };
    expect(doc.exitCode).toBe(1);
    // Every planned check decided: map50 ×2, map50-drop, fps ×2, p99 ×2, throughput ×2, latency-regression ×2.
    expect(doc.planned).toBe(11);
    expect(doc.decided).toBe(11);
    expect(doc.decision).toMatch(/^planned 11, decided 11: /);
    expect(doc.emulated).toBe(false);
    const tiny = doc.models.find((m) => m.model === 'tiny-ssd')!;
    expect(tiny.board).toBe('local');
    expect(tiny.map).toBeGreaterThanOrEqual(0);
    expect(tiny.map50).toBeLessThan(0.9);
    expect(tiny.latency.n).toBeGreaterThanOrEqual(64);
    expect(tiny.fps).toBeGreaterThan(0);
    expect(tiny.latency.medianCi95Ms[0]).toBeLessThanOrEqual(tiny.latency.medianCi95Ms[1]!);
    expect(tiny.verdicts.find((v) => v.check === 'map50')?.status).toBe('failed');
    expect(tiny.emulated).toBe(false);
    // Same model file twice: the drop is exactly zero, so the pruned model's drop check passes.
    const pruned = doc.models.find((m) => m.model === 'tiny-ssd-pruned')!;
    expect(pruned.verdicts.find((v) => v.check === 'map50-drop')?.status).toBe('passed');
    // local has no power budget and does not require power: power is a figure, never a check.
    expect(tiny.verdicts.find((v) => v.check === 'power')).toBeUndefined();
    const power = tiny.figures.find((f) => f.name === 'power')!;
    expect(power.note).toMatch(/not required on local/);
    // No readable power source here: "not measured", never 0 W.
    if (tiny.meanW === null) {
      expect(power.value).toBeNull();
      expect(tiny.powerNote).toMatch(/^not measured/);
    }
    // AP@[.5:.95] has no tolerance here: a figure, shown, not counted.
    expect(tiny.figures.find((f) => f.name === 'map')).toMatchObject({ unit: 'AP@[.5:.95]' });

    const allure = path.join(project.dir, 'reports', 'allure-results');
    const results = readdirSync(allure).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(path.join(allure, f), 'utf8')) as { status: string; labels: Array<{ name: string; value: string }>; attachments: Array<{ type: string }> });
    expect(results.some((r) => r.status === 'failed')).toBe(true);
    // Only checks reach Allure: 11 results, no figure counted as a passed test.
    expect(results).toHaveLength(11);
    const mapResult = results.find((r) => r.labels.some((l) => l.name === 'check' && l.value === 'map50') && r.labels.some((l) => l.name === 'model' && l.value === 'tiny-ssd'))!;
    expect(mapResult.labels).toEqual(expect.arrayContaining([{ name: 'device', value: 'local' }, { name: 'model', value: 'tiny-ssd' }]));
    expect(mapResult.attachments.some((a) => a.type === 'image/png')).toBe(true);
    const junit = readFileSync(path.join(project.dir, 'reports', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuite name="local" tests="11" failures="1" errors="0"/);
    expect(junit).toContain('name="tiny-ssd › map50"');
  });

  it('accepts a run as baseline, then compares the next run statistically against it', async () => {
    // On a loaded test machine the run may be invalid (host busy), which `baseline update` refuses
    // unless forced (test/run/baseline-refusal.test.ts): forced here, this test is about the comparison.
    const accepted = await runHil(project.dir, ['baseline', 'update', '--json', '--force', 'test: a loaded CI host may make the run invalid']);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect((JSON.parse(accepted.stdout) as { written: string[] }).written).toContain('golden/baselines/local/tiny-ssd.json');
    const again = await runHil(project.dir, ['run', '--json', '--model', 'tiny-ssd', '--grep', 'stored baseline']);
    const doc = JSON.parse(again.stdout) as { models: Array<{ verdicts: Array<{ check: string; status: string; message: string }> }> };
    const verdict = doc.models[0]!.verdicts.find((v) => v.check === 'latency-regression')!;
    // invalid when other processes kept the CPU busy meanwhile (a loaded CI machine): never a false regression.
    expect(['passed', 'failed', 'invalid'], verdict.message).toContain(verdict.status);
  });
});

describe('hil run refuses bad input before touching a device (exit 3, one message, no stack)', () => {
  let project: TempProject;
  beforeAll(() => {
    project = createTempProject();
  });
  afterAll(() => project.cleanup());

  it.each([
    [['run', '--model', 'tiny-sd'], /--model tiny-sd: not in suite "detection".*did you mean "tiny-ssd"/],
    [['run', '--device', 'jetson3'], /unknown device.*jetson3|jetson3.*known/i],
    [['run', '--suite', 'nope'], /suites\/nope\.suite\.yaml: suite "nope" not found/],
  ])('%j', async (args, message) => {
    const result = await runHil(project.dir, args);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the file and field of a bad suite file, with the closest known key', async () => {
    project.write('suites/bad.suite.yaml', 'dataset: golden/datasets/shapes-v1\nmodels: [tiny-ssd]\ntolerance: {}\n');
    const result = await runHil(project.dir, ['run', '--suite', 'bad']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('suites/bad.suite.yaml: tolerance: unknown key (did you mean "tolerances"?)');
  });

  it('reports malformed YAML with its file', async () => {
    project.write('suites/broken.suite.yaml', 'dataset: [unclosed\n');
    const result = await runHil(project.dir, ['run', '--suite', 'broken']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/suites\/broken\.suite\.yaml: not valid YAML/);
  });
});
