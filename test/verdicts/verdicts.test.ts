import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../harness/src/errors.js';
import type { ModelMeasurement } from '../../harness/src/results/check-result.js';
import { decideVerdicts, verdictMeasurementsOf, type VerdictMeasurements, type VerdictRules } from '../../harness/src/metrics/verdicts.js';

const measured: VerdictMeasurements = {
  map: 0.251,
  map50: 0.48,
  fps: 25.3,
  p99Ms: 52.1,
  power: { meanW: 12.4, source: 'VDD_IN' },
  baselineMap: { value: 0.262, source: 'vgg-ssd (baseline)' },
  baselineMap50: { value: 0.485, source: 'vgg-ssd (baseline)' },
  throughputFps: 31.2,
};

const rules: VerdictRules = {
  mapMin: 0.2, map50Min: 0.5, mapDropMaxPoints: 1, map50DropMaxPoints: 1, fpsMin: 14, p99MaxMs: 80, powerMaxW: 15, throughputFpsMin: 30,
  budgetSource: 'devices/jetson2.yaml', toleranceSource: 'golden/models/manifest.yaml',
};

describe('verdicts', () => {
  it('checks every rule that is set, in a stable order, with limits and sources', () => {
    const v = decideVerdicts(measured, rules);
    expect(v.map((x) => [x.check, x.status, x.value])).toEqual([
      ['map', 'passed', 0.251],
      ['map50', 'failed', 0.48],
      ['map-drop', 'failed', expect.closeTo(1.1, 9)],
      ['map50-drop', 'passed', expect.closeTo(0.5, 9)],
      ['fps', 'passed', 25.3],
      ['p99', 'passed', 52.1],
      ['power', 'passed', 12.4],
      ['throughput', 'passed', 31.2],
    ]);
    // Each mAP says which it is, in its unit and its message.
    expect(v[0]).toMatchObject({ unit: 'AP@[.5:.95]', message: 'mAP@[.5:.95] 0.251 AP@[.5:.95] >= 0.2 AP@[.5:.95] (golden/models/manifest.yaml)' });
    expect(v[1]).toMatchObject({
      unit: 'AP@.5', limit: { op: '>=', value: 0.5, source: 'golden/models/manifest.yaml' },
      message: 'mAP@.5 0.48 AP@.5 < 0.5 AP@.5 (golden/models/manifest.yaml)',
    });
    expect(v[2]).toMatchObject({ unit: 'points', baseline: { value: 0.262, source: 'vgg-ssd (baseline)', unit: 'mAP@[.5:.95]' } });
    expect(v[2]!.message).toBe('mAP@[.5:.95] drop 1.1 points vs vgg-ssd (baseline) > 1 points (golden/models/manifest.yaml)');
    expect(v[3]!.message).toBe('mAP@.5 drop 0.5 points vs vgg-ssd (baseline) <= 1 points (golden/models/manifest.yaml)');
    expect(v[4]!.message).toBe('FPS 25.3 FPS >= 14 FPS (devices/jetson2.yaml)');
    // A power budget says which rail it used.
    expect(v[6]!.message).toBe('mean power 12.4 W (VDD_IN) <= 15 W (devices/jetson2.yaml)');
    expect(v[7]!.message).toBe('batched throughput 31.2 FPS >= 30 FPS (devices/jetson2.yaml)');
  });

  it('rules not set give no verdict', () => {
    expect(decideVerdicts(measured, {})).toEqual([]);
    expect(decideVerdicts(measured, { fpsMin: 30 }).map((v) => [v.check, v.status])).toEqual([['fps', 'failed']]);
  });

  it('not measured is skipped with "not measured", never passed or failed on a made-up value', () => {
    const none: VerdictMeasurements = { map: null, map50: null, fps: null, p99Ms: null, power: null };
    const v = decideVerdicts(none, rules);
    expect(v).toHaveLength(8);
    for (const x of v) {
      expect(x.status, x.check).toBe('skipped');
      expect(x.value, x.check).toBeNull();
      expect(x.message, x.check).toBe('not measured');
    }
  });

  it('the mAP drop is skipped when the baseline model has no mAP', () => {
    const v = decideVerdicts({ ...measured, baselineMap: { value: null, source: 'vgg-ssd' } }, { mapDropMaxPoints: 1 });
    expect(v[0]).toMatchObject({ status: 'skipped', value: null, message: 'not measured: no mAP@[.5:.95] for the baseline (vgg-ssd)' });
    expect(decideVerdicts({ ...measured, baselineMap: undefined }, { mapDropMaxPoints: 1 })[0]!.status).toBe('skipped');
    expect(decideVerdicts({ ...measured, baselineMap50: { value: null, source: 'vgg-ssd' } }, { map50DropMaxPoints: 1 })[0]).toMatchObject({
      check: 'map50-drop', status: 'skipped', message: 'not measured: no mAP@.5 for the baseline (vgg-ssd)',
    });
  });

  it('float noise at a limit does not fail it; the limit itself passes', () => {
    // (0.30 - 0.29) * 100 = 1.0000000000000009 in floating point.
    const v = decideVerdicts({ ...measured, map: 0.29, baselineMap: { value: 0.3, source: 'b' } }, { mapDropMaxPoints: 1, fpsMin: 25.3, p99MaxMs: 52.1 });
    expect(v.map((x) => x.status)).toEqual(['passed', 'passed', 'passed']);
    const atLimit = { ...measured, map: 0.2, baselineMap: { value: 0.26, source: 'b' } };
    expect(decideVerdicts(atLimit, { mapDropMaxPoints: 6, mapMin: 0.2 }).map((x) => x.status)).toEqual(['passed', 'passed']);
  });

  it('a mAP gain is a negative drop and passes', () => {
    const v = decideVerdicts({ ...measured, map: 0.3 }, { mapDropMaxPoints: 0 });
    expect(v[0]).toMatchObject({ status: 'passed' });
    expect(v[0]!.value).toBeCloseTo(-3.8, 9);
  });

  it('an invalid rule is a config error naming where it came from', () => {
    expect(() => decideVerdicts(measured, { fpsMin: Number.NaN, budgetSource: 'devices/jetson2.yaml' })).toThrowError(
      'devices/jetson2.yaml: fpsMin: expected a finite number, received NaN',
    );
    expect(() => decideVerdicts(measured, { mapMin: Infinity })).toThrowError(ConfigError);
  });
});

describe('latency regression verdict', () => {
  const base = Array.from({ length: 640 }, (_, i) => 20 + (i % 20) * 0.1);
  const slower = base.map((v) => v * 1.1);

  it('fails on a significant and large slowdown, passes otherwise', () => {
    const fail = decideVerdicts({ ...measured, latencySamplesMs: slower, baselineLatency: { samplesMs: base, source: 'golden/baselines/jetson2/ssd.json' } }, {});
    expect(fail).toHaveLength(1);
    expect(fail[0]).toMatchObject({
      check: 'latency-regression', status: 'failed', unit: '%',
      limit: { op: '<=', value: 5 }, baseline: { value: 20.95, source: 'golden/baselines/jetson2/ssd.json' },
    });
    expect(fail[0]!.value).toBeCloseTo(10, 6);
    expect(fail[0]!.message).toMatch(/^slower: median 20\.950 -> 23\.045 ms \(\+10\.00%\)/);
    const pass = decideVerdicts({ ...measured, latencySamplesMs: base, baselineLatency: { samplesMs: base, source: 'b' } }, {});
    expect(pass[0]).toMatchObject({ status: 'passed', value: 0 });
  });

  it('honours options, can be turned off, and skips without samples', () => {
    const m = { ...measured, latencySamplesMs: slower, baselineLatency: { samplesMs: base, source: 'b' } };
    expect(decideVerdicts(m, { latencyRegression: { minShiftPct: 15 } })[0]!.status).toBe('passed');
    expect(decideVerdicts(m, { latencyRegression: false })).toEqual([]);
    expect(decideVerdicts({ ...m, latencySamplesMs: null }, {})[0]).toMatchObject({ status: 'skipped', message: 'not measured' });
    expect(decideVerdicts({ ...m, baselineLatency: { samplesMs: null, source: 'b' } }, {})[0]).toMatchObject({
      status: 'skipped', message: 'not measured: no baseline latency samples (b)',
    });
    expect(decideVerdicts({ ...m, latencySamplesMs: [1, 2] }, {})[0]!.status).toBe('skipped');
  });
});

describe('verdictMeasurementsOf', () => {
  it('reads a ModelMeasurement; power null stays null', () => {
    const m: ModelMeasurement = {
      model: 'squeezenet-ssd', variant: 'baseline', device: 'jetson2', board: 'tx2-01', target: 'igpu', runner: 'trtexec',
      accuracy: { map: 0.2, map50: 0.4, map75: 0.18, stats: [], images: 50 },
      latency: {
        n: 3, minMs: 1, medianMs: 2, meanMs: 2, p90Ms: 3, p99Ms: 3, maxMs: 3, fps: 500, medianCi95Ms: [1, 3], durationMs: 6,
        samplesMs: [1, 2, 3],
      },
      power: null,
      provenance: {},
    };
    const baseline = { ...m, accuracy: { ...m.accuracy!, map: 0.25 } };
    expect(verdictMeasurementsOf(m, { measurement: baseline, source: 'vgg-ssd' })).toEqual({
      map: 0.2, map50: 0.4, fps: 500, p99Ms: 3, power: null, latencySamplesMs: [1, 2, 3], throughputFps: null,
      baselineMap: { value: 0.25, source: 'vgg-ssd' },
      baselineMap50: { value: 0.4, source: 'vgg-ssd' },
    });
  });
});
