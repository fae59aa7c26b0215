/**
 * Black box: the emulator plays the other Jetsons of devices/ too, each in its own JetPack's
 * formats, and `hil run --device <type>` works on them end to end:
 * - Xavier NX (JetPack 5.1.2): power read from INA3221 on hwmon (sysfs), trtexec of TensorRT 8.5;
 * - Orin Nano (JetPack 6.2): date-stamped tegrastats with `mW` rails, trtexec of TensorRT 10.3.
 * Perf mode (nvpmodel -m 0, jetson_clocks) is set by the profile and recorded as provenance.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { createTempProject, runHil, type TempProject } from '../support/temp-project.js';
import { ROOT } from './farm-fixture.js';

interface ModelJson {
  target: string;
  runner: string;
  latency: { n: number } | null;
  meanW: number | null;
  power: { source: string; meanW: number } | null;
  provenance: {
    emulated?: boolean;
    nvpmodel?: { mode: string; id: number };
    clocksAtMax?: { atMax: boolean };
    l4t?: { version: string };
    trtexec?: { tensorrtVersion: string };
  } | null;
  verdicts: Array<{ check: string; status: string }>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setUp(type: string, powerSource: 'tegrastats' | 'ina3221'): Promise<{ farm: EmulatedFarm; project: TempProject }> {
  const farm = await startEmulatedFarm({ boards: 1, type, upgradedNode: true });
  cleanups.push(() => farm.stop());
  const project = createTempProject({
    config: "export default { singleStream: { warmup: 2, minQueries: 64, minDurationMs: 1000 }, throughput: { batch: 4, minDurationMs: 300 } };\n",
  });
  cleanups.push(() => project.cleanup());
  const profile = readFileSync(path.join(ROOT, 'devices', `${type}.yaml`), 'utf8').replace(/^  source: tegrastats/m, `  source: ${powerSource}`);
  project.write(`devices/${type}.yaml`, profile);
  return { farm, project };
}

async function runOn(type: string, project: TempProject, farm: EmulatedFarm): Promise<ModelJson[]> {
  const result = await runHil(project.dir, ['run', '--farm', farm.farmFile, '--device', type, '--model', 'tiny-ssd', '--json']);
  // Budgets are the board's (30 FPS, p99 50 ms): they may pass or fail on a loaded host; nothing may break.
  expect([0, 1], result.stderr.slice(-2000)).toContain(result.code);
  const models = (JSON.parse(result.stdout) as { models: ModelJson[] }).models;
  for (const m of models) {
    expect(m.latency!.n).toBeGreaterThanOrEqual(64);
    expect(m.provenance!.emulated).toBe(true);
    expect(m.verdicts.filter((v) => v.status === 'broken')).toEqual([]);
  }
  return models;
}

describe('emulated boards other than the TX2', () => {
  it('xavier-nx: INA3221 power from hwmon sysfs, L4T R35, perf mode 0, TensorRT 8.5 on the GPU target', async () => {
    const { farm, project } = await setUp('xavier-nx', 'ina3221');
    expect(farm.boards[0]!.name).toBe('nx-01');
    const models = await runOn('xavier-nx', project, farm);
    expect(models.map((m) => m.target).sort()).toEqual(['cpu', 'igpu']);
    for (const m of models) {
      expect(m.power, m.target).toMatchObject({ source: 'VDD_IN' });
      expect(m.meanW).toBeGreaterThan(3);
      expect(m.provenance).toMatchObject({ l4t: { version: '35.4.1' }, nvpmodel: { mode: 'MODE_15W_2CORE', id: 0 }, clocksAtMax: { atMax: true } });
    }
    expect(models.find((m) => m.target === 'igpu')!.provenance!.trtexec).toMatchObject({ tensorrtVersion: '8.5.2' });
  }, 240_000);

  it('orin-nano: tegrastats in the JetPack 6 dialect, L4T R36, TensorRT 10.3 on the GPU target', async () => {
    const { farm, project } = await setUp('orin-nano', 'tegrastats');
    expect(farm.boards[0]!.name).toBe('orin-01');
    const models = await runOn('orin-nano', project, farm);
    for (const m of models) {
      expect(m.power, m.target).toMatchObject({ source: 'VDD_IN' });
      expect(m.meanW).toBeGreaterThan(4);
      expect(m.provenance).toMatchObject({ l4t: { version: '36.4.3' }, nvpmodel: { mode: '15W', id: 0 }, clocksAtMax: { atMax: true } });
    }
    expect(models.find((m) => m.target === 'igpu')!.provenance!.trtexec).toMatchObject({ tensorrtVersion: '10.3.0' });
  }, 240_000);
});
