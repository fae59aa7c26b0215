/**
 * Black box: `--compare-to` on an emulated board farm. Both versions are deployed by hash and
 * measured interleaved on the same board within one lease: on the CPU by hil's agent (both
 * sessions in one process), on the GPU target by alternating trtexec runs of both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { heavierModelRepo } from '../support/compare-project.js';
import { runHil, type TempProject } from '../support/temp-project.js';

let farm: EmulatedFarm;
let project: TempProject;
beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 1, type: 'xavier-nx' });
  project = heavierModelRepo();
}, 120_000);
afterAll(async () => {
  project?.cleanup();
  await farm?.stop();
});

describe('--compare-to on a farm board', () => {
  it('deploys both versions and catches the heavier one on the CPU (agent) and the GPU (trtexec)', async () => {
    const result = await runHil(project.dir, ['run', '--device', 'xavier-nx', '--farm', farm.farmFile, '--model', 'vgg-ssd-mini-pruned', '--compare-to', 'HEAD~1', '--grep', 'compare', '--json']);
    const doc = JSON.parse(result.stdout) as { checks: Array<{ project: string; check: string; status: string; emulated: boolean; verdict: { value: number | null } | null; error?: string }>; compare: { models: Array<{ results: Array<{ where: string; latency?: { decision: string } }> }> } };
    const latency = doc.checks.filter((c) => c.check === 'compare-latency');
    expect(latency.map((c) => c.project).sort()).toEqual(['xavier-nx', 'xavier-nx:igpu']);
    for (const c of latency) {
      expect(c, c.error).toMatchObject({ status: 'failed', emulated: true });
      expect(c.verdict!.value).toBeGreaterThan(20);
    }
    // mAP old vs new on both targets: the GPU's from TensorRT's exported outputs.
    expect(doc.checks.filter((c) => c.check === 'compare-map50').map((c) => c.project).sort()).toEqual(['xavier-nx', 'xavier-nx:igpu']);
    expect(result.code, result.stderr.slice(-2000)).toBe(1);
    expect(doc.compare.models[0]!.results.map((r) => r.where).sort()).toEqual(['xavier-nx/nx-01*', 'xavier-nx/nx-01:igpu*']);
  }, 600_000);
});
