import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempProject, runHil, type TempProject } from '../support/temp-project.js';

// A stored baseline is what later runs are judged against: hil refuses to store one from a
// measurement that decided nothing (invalid: host busy, board throttled) or came from an emulator,
// unless told why, and then the reason is stored with it.
describe('hil baseline update refuses invalid, throttled and emulated measurements', () => {
  let project: TempProject;
  const measurement = (over: Record<string, unknown>) => ({
    model: 'tiny-ssd', variant: 'baseline', device: 'jetson2', board: 'tx2-01', target: 'cpu', runner: 'ort-agent', power: null, provenance: {},
    latency: { n: 3, minMs: 1, medianMs: 2, meanMs: 2, p90Ms: 3, p99Ms: 3, maxMs: 3, fps: 500, medianCi95Ms: [1, 3], durationMs: 6, samplesMs: [1, 2, 3] },
    ...over,
  });
  const writeRun = (runId: string, m: object) => {
    const dir = path.join(project.dir, 'reports', 'runs', runId, 'measurements');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'm.json'), JSON.stringify(m));
    writeFileSync(path.join(project.dir, 'reports', 'latest-run'), `${runId}\n`);
  };
  beforeAll(() => {
    project = createTempProject();
  });
  afterAll(() => project.cleanup());

  it('a throttled measurement on an emulated board: exit 3 naming each reason, nothing written', async () => {
    writeRun('run-hot', measurement({ emulated: true, validity: { invalid: 'invalid measurement: thermal: GPU 91.0 °C over the 85 °C limit', temperaturesC: null } }));
    const refused = await runHil(project.dir, ['baseline', 'update']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('run run-hot cannot become a baseline: tiny-ssd on tx2-01 (cpu): invalid measurement: thermal: GPU 91.0 °C over the 85 °C limit; tiny-ssd on tx2-01 (cpu): measured on an emulated board or target, not real hardware');
    expect(refused.stderr).toMatch(/--force "<why>"/);
    expect(() => readFileSync(path.join(project.dir, 'golden', 'baselines', 'jetson2', 'tiny-ssd.json'))).toThrow();
  });

  it('--force with a reason accepts it and records the reason, what was refused and who', async () => {
    const forced = await runHil(project.dir, ['baseline', 'update', '--force', 'bring-up of the new farm: no real TX2 yet', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    const stored = JSON.parse(readFileSync(path.join(project.dir, 'golden', 'baselines', 'jetson2', 'tiny-ssd.json'), 'utf8')) as { runs: Array<{ runId: string; forced?: { reason: string; refused: string[]; by: string } }> };
    expect(stored.runs.at(-1)).toMatchObject({ runId: 'run-hot', forced: { reason: 'bring-up of the new farm: no real TX2 yet', refused: [expect.stringMatching(/thermal/), expect.stringMatching(/emulated/)], by: expect.stringContaining('@') } });
  });

  it('a valid measurement from a real board is accepted without being forced', async () => {
    writeRun('run-ok', measurement({ emulated: false }));
    const ok = await runHil(project.dir, ['baseline', 'update', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const stored = JSON.parse(readFileSync(path.join(project.dir, 'golden', 'baselines', 'jetson2', 'tiny-ssd.json'), 'utf8')) as { runs: Array<{ runId: string; forced?: unknown }> };
    expect(stored.runs.at(-1)).toMatchObject({ runId: 'run-ok' });
    expect(stored.runs.at(-1)!.forced).toBeUndefined();
  });
});
