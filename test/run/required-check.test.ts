/**
 * Black box: jetson2 promises a power source (its profile requires power). A run on an emulated
 * TX2 whose tegrastats prints no rails measured everything else, but no power: exit 2, with the
 * power check named and why on one line. The same suite on `local` (power not required) exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { runHil, type TempProject } from '../support/temp-project.js';
import { reliabilityProject } from '../reliability/reliability-project.js';

let farm: EmulatedFarm;
let project: TempProject;
beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 1, upgradedNode: true });
  farm.boards[0]!.setState({ tegrastats: 'no-rails' });
  project = reliabilityProject({ singleStream: true, config: '{ singleStream: { warmup: 1, minQueries: 10, minDurationMs: 300 } }' });
}, 120_000);
afterAll(async () => {
  project?.cleanup();
  await farm?.stop();
});

describe('a required check that was not measured is not green', () => {
  it('emulated jetson2 without power rails: exit 2, the power check named with its reason', async () => {
    const result = await runHil(project.dir, ['run', '--device', 'jetson2', '--target', 'cpu', '--farm', farm.farmFile]);
    expect(result.code, result.stderr.slice(-2000)).toBe(2);
    expect(result.stdout).toMatch(/^tiny-ssd\s+jetson2\/tx2-01\*\s+cpu\s+power \(required\)\s+not measured\s+≤ 15 W\s+BROKEN$/m);
    expect(result.stdout).toContain('BROKEN tiny-ssd power on tx2-01*: power is required (devices/jetson2.yaml: required[0]) but was not decided: not measured: tegrastats gave no power rails');
    expect(result.stdout).toMatch(/planned 5, decided 4: .*1 broken/);
    expect(result.stdout).toContain('* emulated board or target (hil emulate, a fake trtexec): not a figure of real hardware');
  }, 180_000);

  it('the same suite on local, where power is not required: exit 0, power a figure marked "not required"', async () => {
    const result = await runHil(project.dir, ['run', '--json']);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const doc = JSON.parse(result.stdout) as { models: Array<{ verdicts: Array<{ check: string }>; figures: Array<{ name: string; note: string }> }> };
    expect(doc.models[0]!.verdicts.map((v) => v.check)).not.toContain('power');
    expect(doc.models[0]!.figures.find((f) => f.name === 'power')!.note).toMatch(/not required on local/);
  }, 180_000);
});
