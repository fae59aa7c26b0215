import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigIssuesError } from '../errors.js';
import { loadDeviceProfiles } from './load-profiles.js';

const SHIPPED = path.resolve(import.meta.dirname, '../../../devices');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hil-profiles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmp, 'd-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function issuesOf(dir: string): string[] {
  try {
    loadDeviceProfiles(dir, { shownDir: 'devices' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigIssuesError);
    return (error as ConfigIssuesError).message.split('\n');
  }
  throw new Error('expected the profiles to be rejected');
}

const VALID = 'name: x\ntargets: [cpu]\nrunners: [ort-agent]\npower: { source: none }\n';

describe('device profiles', () => {
  it('loads the shipped profiles (farm inventories in the folder are skipped)', () => {
    const profiles = loadDeviceProfiles(SHIPPED);
    expect([...profiles.keys()].sort()).toEqual(['drivepx2', 'jetson2', 'local', 'orin-nano', 'xavier-nx']);
    const tx2 = profiles.get('jetson2')!;
    expect(tx2.targets).toEqual(['cpu', 'igpu']);
    expect(tx2.runners).toEqual(['ort-agent', 'trtexec']);
    expect(tx2.power).toMatchObject({ source: 'tegrastats', rail: 'VDD_IN' });
    expect(tx2.budgets.powerMaxW).toBe(15);
    expect(tx2.perfMode?.commands).toEqual([['nvpmodel', '-m', '0'], ['jetson_clocks']]);
    expect(tx2.thermal?.limitC).toBeGreaterThan(0);
    expect(profiles.get('drivepx2')!.targets).toEqual(['cpu', 'igpu', 'dgpu']);
    expect(profiles.get('local')).toMatchObject({ targets: ['cpu'], runners: ['ort-agent'], power: { source: 'rapl' } });
  });

  it('reports every problem of every file at once as file: path: message', () => {
    const dir = dirWith({
      'a.yaml': `${VALID.replace('name: x', 'name: a')}budgets: { powerMaxW: -3, p99MaxMs: 0, fpsMn: 14 }\n`,
      'b.yaml': 'name: b\ntargets: [cpu, tpu]\nrunners: []\npowr: { source: tegrastats }\n',
      'c.yaml': 'name: c\ntargets: [cpu\n',
      'd.yaml': VALID,
      'farm.yaml': 'not: a profile',
    });
    const issues = issuesOf(dir);
    expect(issues).toContain('devices/a.yaml: budgets.fpsMn: unknown key (did you mean "fpsMin"?); known keys: fpsMin, p99MaxMs, powerMaxW, powerOn, throughputFpsMin, streamFpsMin, streamP99MaxMs, byTarget');
    expect(issues.some((l) => /^devices\/a\.yaml: budgets\.powerMaxW: .*received -3$/.test(l))).toBe(true);
    expect(issues.some((l) => /^devices\/a\.yaml: budgets\.p99MaxMs: .*received 0$/.test(l))).toBe(true);
    expect(issues.some((l) => /^devices\/b\.yaml: targets\[1\]: .*"tpu"/.test(l))).toBe(true);
    expect(issues.some((l) => l.startsWith('devices/b.yaml: runners: '))).toBe(true);
    expect(issues.some((l) => l.startsWith('devices/b.yaml: powr: unknown key (did you mean "power"?)'))).toBe(true);
    expect(issues.some((l) => l.startsWith('devices/c.yaml: not valid YAML'))).toBe(true);
    expect(issues.some((l) => l === 'devices/d.yaml: name: must match the file name "d", received "x"')).toBe(true);
    expect(issues.join('\n')).not.toContain('farm.yaml');
  });
});
