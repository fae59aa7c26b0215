import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clocksAtMax } from './clocks-at-max.js';
import { parseCpuList, parseJetsonClocksShow } from './jetson-clocks-parse.js';
import { parseNvTegraRelease } from './l4t-release-parse.js';
import { parseNvpmodelQuery } from './nvpmodel-parse.js';

// The reference file holds two outputs, each introduced by a `# ...` comment line.
const reference = readFileSync(
  path.join(import.meta.dirname, '../../../../test/power/fixtures/jetson/clocks-samples.txt'),
  'utf8',
);
const sections = reference.split(/^# .*$/m).map((s) => s.trim()).filter(Boolean);
const [nvpmodelSample, clocksSample] = sections as [string, string];

describe('nvpmodel -q', () => {
  it('parses the reference output', () => {
    expect(sections).toHaveLength(2);
    expect(parseNvpmodelQuery(nvpmodelSample)).toEqual({ mode: 'MAXN', id: 0 });
  });

  it('with a fan-mode line, and mode names with spaces or digits', () => {
    expect(parseNvpmodelQuery('NV Fan Mode:quiet\nNV Power Mode: MAXP_CORE_ARM\n3\n')).toEqual({
      mode: 'MAXP_CORE_ARM', id: 3, fanMode: 'quiet',
    });
    expect(parseNvpmodelQuery('NV Power Mode: 15W\n')).toEqual({ mode: '15W', id: null });
  });

  it('returns null when nvpmodel did not answer', () => {
    expect(parseNvpmodelQuery('bash: nvpmodel: command not found')).toBeNull();
    expect(parseNvpmodelQuery('')).toBeNull();
  });
});

describe('jetson_clocks --show', () => {
  const clocks = parseJetsonClocksShow(clocksSample)!;

  it('parses the TX2 reference output, normalising to Hz', () => {
    expect(clocks.socFamily).toBe('tegra186');
    expect(clocks.machine).toBe('quill');
    expect(clocks.onlineCpus).toEqual([0, 3, 4, 5]);
    expect(clocks.cpus).toEqual([
      { id: 0, online: true, governor: 'schedutil', minHz: 345600e3, maxHz: 2035200e3, curHz: 2035200e3 },
      { id: 1, online: false, governor: 'schedutil', minHz: 345600e3, maxHz: 2035200e3, curHz: 1113600e3 },
    ]);
    expect(clocks.gpu).toEqual({ minHz: 114750000, maxHz: 1134750000, curHz: 114750000 });
    expect(clocks.emc).toEqual({ minHz: 40800000, maxHz: 1600000000, curHz: 1600000000, freqOverride: 0 });
    expect(clocks.fan).toBe('speed=0');
    expect(clocks.powerMode).toBe('MAXP_CORE_ARM');
  });

  it('the reference board is not at max: its GPU idles at the minimum (offline cpu1 is not judged)', () => {
    const verdict = clocksAtMax(clocks);
    expect(verdict.atMax).toBe(false);
    expect(verdict.reasons).toEqual(['GPU at 114.75 MHz of 1134.75 MHz']);
    expect(verdict.checked.map((c) => c.unit)).toEqual(['cpu0', 'GPU', 'EMC']);
  });

  it('after jetson_clocks every online unit is at max; Orin-style engine lines are kept', () => {
    const text = [
      'SOC family:tegra234  Machine:Jetson AGX Orin',
      'Online CPUs: 0-1',
      'cpu0: Online=1 Governor=schedutil MinFreq=2201600 MaxFreq=2201600 CurrentFreq=2201600 IdleStates: WFI=0 c7=0',
      'cpu1: Online=1 Governor=schedutil MinFreq=2201600 MaxFreq=2201600 CurrentFreq=2201600 IdleStates: WFI=0 c7=0',
      'cpu2: Governor=schedutil MinFreq=115200 MaxFreq=2201600 CurrentFreq=115200',
      'GPU MinFreq=1300500000 MaxFreq=1300500000 CurrentFreq=1300500000',
      'EMC MinFreq=204000000 MaxFreq=3199000000 CurrentFreq=3199000000 FreqOverride=1',
      'DLA0_CORE:   Online=1 MinFreq=0 MaxFreq=1600000000 CurrentFreq=1600000000',
      'FAN Dynamic Speed control=active hwmon4_pwm=76',
      'NV Power Mode: MAXN',
    ].join('\n');
    const c = parseJetsonClocksShow(text)!;
    expect(c.machine).toBe('Jetson AGX Orin');
    // cpu2 has no Online= field and is not in the online list.
    expect(c.cpus.map((x) => x.online)).toEqual([true, true, false]);
    expect(c.engines.DLA0_CORE).toEqual({ minHz: 0, maxHz: 1600000000, curHz: 1600000000 });
    expect(clocksAtMax(c)).toMatchObject({ atMax: true, reasons: [] });
  });

  it('a CPU below its maximum is named', () => {
    const c = parseJetsonClocksShow('cpu3: Online=1 Governor=schedutil MinFreq=345600 MaxFreq=2035200 CurrentFreq=345600')!;
    expect(clocksAtMax(c)).toMatchObject({ atMax: false, reasons: ['cpu3 at 345.6 MHz of 2035.2 MHz'] });
  });

  it('nothing recognisable: null; nothing to judge: atMax null', () => {
    expect(parseJetsonClocksShow('sudo: a password is required')).toBeNull();
    expect(clocksAtMax({ cpus: [], gpu: null, emc: null, engines: {} }).atMax).toBeNull();
  });

  it('expands CPU lists', () => {
    expect(parseCpuList('0,3-5')).toEqual([0, 3, 4, 5]);
    expect(parseCpuList('')).toEqual([]);
  });
});

describe('/etc/nv_tegra_release', () => {
  it('parses the L4T release line', () => {
    const text = '# R32 (release), REVISION: 7.1, GCID: 29818004, BOARD: t186ref, EABI: aarch64, DATE: Sat Feb 19 17:07:00 UTC 2022\n# KERNEL_VARIANT: oot\n';
    expect(parseNvTegraRelease(text)).toEqual({
      version: '32.7.1', major: 32, revision: '7.1', gcid: '29818004', board: 't186ref', eabi: 'aarch64',
      date: 'Sat Feb 19 17:07:00 UTC 2022',
    });
  });

  it('JetPack 6 style and non-JetPack text', () => {
    expect(parseNvTegraRelease('# R36 (release), REVISION: 4.3, GCID: 38968081, BOARD: generic, EABI: aarch64, DATE: Wed Jan  8 01:49:37 UTC 2025')?.version).toBe('36.4.3');
    expect(parseNvTegraRelease('cat: /etc/nv_tegra_release: No such file or directory')).toBeNull();
  });
});
