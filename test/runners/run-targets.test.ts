import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeviceProfiles } from '../../harness/src/devices/load-profiles.js';
import { ConfigError } from '../../harness/src/errors.js';
import { notMeasuredReason, runnableTargets, runnerForTarget } from '../../harness/src/runners/runner-for-target.js';
import { planRunProjects } from '../../harness/src/plan/run-targets.js';

const profiles = loadDeviceProfiles(path.resolve(import.meta.dirname, '../../devices'));
const device = (name: string) => ({ requested: name, profile: profiles.get(name)! });
// A GPU-only board: the PX2's profile without hil's agent.
const gpuOnly = { requested: 'drivepx2', profile: { ...profiles.get('drivepx2')!, runners: ['trtexec' as const] } };
const detection = { needs: ['accuracy', 'single-stream', 'throughput'] as const, suite: 'detection' };

describe('runners per target', () => {
  it('cpu goes to hil\'s agent, GPUs to trtexec, where the profile has them', () => {
    expect(runnableTargets(profiles.get('jetson2')!)).toEqual([{ target: 'cpu', runner: 'ort-agent' }, { target: 'igpu', runner: 'trtexec' }]);
    expect(runnableTargets(profiles.get('drivepx2')!)).toEqual([{ target: 'cpu', runner: 'ort-agent' }, { target: 'igpu', runner: 'trtexec' }, { target: 'dgpu', runner: 'trtexec' }]);
    expect(runnerForTarget(profiles.get('local')!, 'igpu')).toBeNull();
    // trtexec runs the golden pictures for accuracy (--loadInputs/--exportOutput); camera streams it cannot.
    expect(notMeasuredReason('trtexec', 'accuracy')).toBeUndefined();
    expect(notMeasuredReason('trtexec', 'stream')).toMatch(/^not measured: trtexec runs an engine on files/);
    expect(notMeasuredReason('trtexec', 'single-stream')).toBeUndefined();
  });
});

describe('planRunProjects', () => {
  it('one project per device and target; the cpu project keeps the device name', () => {
    expect(planRunProjects({ devices: [device('local'), device('jetson2'), device('drivepx2')], ...detection }).map((p) => [p.name, p.target, p.runner])).toEqual([
      ['local', 'cpu', 'ort-agent'],
      ['jetson2', 'cpu', 'ort-agent'],
      ['jetson2:igpu', 'igpu', 'trtexec'],
      ['drivepx2', 'cpu', 'ort-agent'],
      ['drivepx2:igpu', 'igpu', 'trtexec'],
      ['drivepx2:dgpu', 'dgpu', 'trtexec'],
    ]);
  });

  it('a board name keeps its name in the project; --target narrows', () => {
    const board = { requested: 'tx2-01', profile: profiles.get('jetson2')! };
    expect(planRunProjects({ devices: [board], targets: ['igpu'], ...detection })).toEqual([{ name: 'tx2-01:igpu', device: 'tx2-01', target: 'igpu', runner: 'trtexec' }]);
  });

  it('a stream suite leaves trtexec targets out, and says why when none is left', () => {
    const stream = { needs: ['stream'] as const, suite: 'stream' };
    expect(planRunProjects({ devices: [device('jetson2')], ...stream }).map((p) => p.name)).toEqual(['jetson2']);
    expect(() => planRunProjects({ devices: [gpuOnly], ...stream })).toThrowError(/suite "stream" needs stream, which trtexec \(igpu of "drivepx2"\) does not measure/);
  });

  it('bad targets are config errors naming what exists', () => {
    const plan = (targets: string[], name = 'local') => () => planRunProjects({ devices: [device(name)], targets, ...detection });
    expect(plan(['gpu'])).toThrowError(ConfigError);
    expect(plan(['gpu'])).toThrowError('--target gpu: unknown target; targets are cpu, igpu, dgpu');
    expect(plan(['igpu'])).toThrowError('--target igpu: device "local" has no igpu (targets of local: cpu)');
    expect(() => planRunProjects({ devices: [gpuOnly], targets: ['cpu'], ...detection })).toThrowError(/device "drivepx2" has no runner for cpu \(drivepx2 runners: trtexec; cpu needs ort-agent\)/);
  });
});
