/**
 * The `meter` power source end to end: an emulated TX2 whose profile takes power from an external
 * wall meter (SCPI over TCP, an emulated analyser following the board's load). `hil run` reports the
 * meter as the source and holds the budget to it; without a meter in the inventory the required
 * power check is broken naming the missing entry (exit 2); a meter answering garbage is broken
 * naming the reply. Never 0 W.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { runHil, type TempProject } from '../support/temp-project.js';
import { farmWithoutMeters } from '../support/farm-without-meters.js';
import { reliabilityProject, type RunJson } from '../reliability/reliability-project.js';

let farm: EmulatedFarm;
let project: TempProject;
beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 1, upgradedNode: true, meters: true });
  project = reliabilityProject({ singleStream: true, config: '{ singleStream: { warmup: 1, minQueries: 20, minDurationMs: 1500 } }' });
  // This lab's TX2s are measured at the wall: the profile's power source is the meter.
  const profile = path.join(project.dir, 'devices', 'jetson2.yaml');
  writeFileSync(profile, readFileSync(profile, 'utf8').replace(/power:\n  source: tegrastats\n  rail: VDD_IN[^\n]*\n/, 'power:\n  source: meter\n'));
}, 120_000);
afterAll(async () => {
  project?.cleanup();
  await farm?.stop();
});

const powerOf = (doc: RunJson) => doc.checks.find((c) => c.check === 'power')!;
async function run(farmFile: string): Promise<{ code: number; doc: RunJson; stderr: string }> {
  const r = await runHil(project.dir, ['run', '--device', 'jetson2', '--target', 'cpu', '--farm', farmFile, '--grep', 'power', '--json']);
  return { code: r.code, doc: JSON.parse(r.stdout) as RunJson, stderr: r.stderr };
}

describe('power from an external meter', () => {
  it('measured by the emulated wall meter, its source named, the budget held to it', async () => {
    const { code, doc, stderr } = await run(farm.farmFile);
    expect(code, stderr.slice(-2000)).toBe(0);
    const model = doc.models[0]!;
    expect(model.power).toMatchObject({ source: expect.stringMatching(/^meter YOKOGAWA,WT310E,HIL-EMULATED,F1\.03 at 127\.0\.0\.1:\d+ \(whole board; clock offset ±\d+ ms\)$/) });
    expect(model.meanW).toBeGreaterThan(2);
    expect(powerOf(doc)).toMatchObject({ status: 'passed' });
    expect(farm.meters.get('tx2-01')!.readings()).toBeGreaterThan(5);
  }, 180_000);

  it('no meter in the inventory: power is required on jetson2, so it is broken naming the missing entry (exit 2)', async () => {
    const { code, doc } = await run(farmWithoutMeters(farm.farmFile, project.dir));
    expect(code).toBe(2);
    expect(powerOf(doc)).toMatchObject({ status: 'broken', error: expect.stringContaining("not measured: jetson2's power source is an external meter, and the farm inventory gives tx2-01 none (its meter: entry)") });
  }, 180_000);

  it('a meter answering garbage: broken, naming the meter and its reply', async () => {
    farm.meters.get('tx2-01')!.setFault('garbage');
    try {
      const { code, doc } = await run(farm.farmFile);
      expect(code).toBe(2);
      expect(powerOf(doc)).toMatchObject({ status: 'broken', error: expect.stringMatching(/meter 127\.0\.0\.1:\d+ \(YOKOGAWA,WT310E,HIL-EMULATED,F1\.03\): ":NUMERIC:NORMAL:VALUE\? 1" answered not a number: .*garbage/) });
    } finally {
      farm.meters.get('tx2-01')!.setFault('none');
    }
  }, 180_000);

  it('hil devices check asks the meter who it is', async () => {
    const r = await runHil(project.dir, ['devices', 'check', '--farm', farm.farmFile, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [report] = JSON.parse(r.stdout) as Array<{ ok: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> }>;
    expect(report!.checks.find((c) => c.name === 'meter')).toMatchObject({ ok: true, detail: expect.stringMatching(/^YOKOGAWA,WT310E,HIL-EMULATED,F1\.03 at 127\.0\.0\.1:\d+$/) });
  }, 60_000);
});
