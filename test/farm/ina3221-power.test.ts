/**
 * Black box: a device type whose profile reads power from INA3221 sysfs instead of tegrastats
 * gets its power measured on the board (the emulated TX2's monitors follow its load).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { createTempProject, runHil, type TempProject } from '../support/temp-project.js';

let farm: EmulatedFarm;
let project: TempProject;
beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 1, upgradedNode: true });
  project = createTempProject({
    config: "export default { singleStream: { warmup: 2, minQueries: 64, minDurationMs: 1000 } };\n",
  });
  const profile = readFileSync(path.join(project.dir, 'devices', 'jetson2.yaml'), 'utf8').replace(/^  source: tegrastats/m, '  source: ina3221');
  project.write('devices/jetson2.yaml', profile);
}, 120_000);
afterAll(async () => {
  project?.cleanup();
  await farm?.stop();
});

describe('INA3221 sysfs power source', () => {
  it('measures mean W on the profile rail (VDD_IN) on the board', async () => {
    const result = await runHil(project.dir, ['run', '--farm', farm.farmFile, '--device', 'jetson2', '--target', 'cpu', '--model', 'tiny-ssd', '--grep', 'power', '--json']);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const doc = JSON.parse(result.stdout) as { models: Array<{ power: { source: string; meanW: number } | null; verdicts: Array<{ check: string; status: string }> }> };
    expect(doc.models[0]!.power).toMatchObject({ source: 'VDD_IN' });
    expect(doc.models[0]!.power!.meanW).toBeGreaterThan(0);
    expect(doc.models[0]!.verdicts.find((v) => v.check === 'power')?.status).toBe('passed');
  });
});
