import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { railReadingsToMw, readIna3221 } from '../../harness/src/devices/power/ina3221-sysfs.js';
import { ina3221TotalReader, startPolledSampler } from '../../harness/src/devices/power/polled-sampler.js';
import { energyDeltaUj, readRapl, startRaplSampler } from '../../harness/src/devices/power/rapl.js';
import { totalPowerFromRails } from '../../harness/src/devices/power/total-power.js';
import { powerStats } from '../../harness/src/metrics/power-stats.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'hil-sysfs-'));
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(root, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, `${text}\n`);
  }
  return root;
}

const IIO = 'sys/bus/i2c/drivers/ina3221x';
const tx2Tree = (): string =>
  tree({
    [`${IIO}/0-0040/iio:device0/rail_name_0`]: 'VDD_SYS_GPU',
    [`${IIO}/0-0040/iio:device0/in_power0_input`]: '153',
    [`${IIO}/0-0040/iio:device0/rail_name_1`]: 'VDD_SYS_SOC',
    [`${IIO}/0-0040/iio:device0/in_power1_input`]: '536',
    [`${IIO}/0-0040/iio:device0/rail_name_2`]: 'VDD_4V0_WIFI',
    [`${IIO}/0-0040/iio:device0/in_power2_input`]: '633',
    [`${IIO}/0-0041/iio:device1/rail_name_0`]: 'VDD_IN',
    [`${IIO}/0-0041/iio:device1/in_power0_input`]: '3140',
    [`${IIO}/0-0041/iio:device1/rail_name_1`]: 'VDD_SYS_CPU',
    [`${IIO}/0-0041/iio:device1/in_power1_input`]: '536',
    [`${IIO}/0-0041/iio:device1/rail_name_2`]: 'VDD_SYS_DDR',
    [`${IIO}/0-0041/iio:device1/in_power2_input`]: '557',
    [`${IIO}/0-0041/iio:device1/in_voltage0_input`]: '19104',
  });

describe('INA3221 sysfs', () => {
  it('TX2 iio layout: rail names from rail_name_N, mW from in_powerN_input, VDD_IN is the total', async () => {
    const readings = await readIna3221(tx2Tree());
    expect(readings!.map((r) => [r.rail, r.mW, r.layout])).toEqual([
      ['VDD_SYS_GPU', 153, 'iio'], ['VDD_SYS_SOC', 536, 'iio'], ['VDD_4V0_WIFI', 633, 'iio'],
      ['VDD_IN', 3140, 'iio'], ['VDD_SYS_CPU', 536, 'iio'], ['VDD_SYS_DDR', 557, 'iio'],
    ]);
    expect(readings![3]!.path).toBe(`${IIO}/0-0041/iio:device1/in_power0_input`);
    expect(totalPowerFromRails(railReadingsToMw(readings!))).toEqual({ source: 'VDD_IN', mW: 3140 });
  });

  it('JetPack 5+ hwmon layout: any hwmon index, mW = mV × mA, channels without a current or NC skipped', async () => {
    const hw = 'sys/bus/i2c/devices/1-0040/hwmon/hwmon3';
    const root = tree({
      [`${hw}/name`]: 'ina3221',
      [`${hw}/in1_label`]: 'VDD_IN', [`${hw}/in1_input`]: '5072', [`${hw}/curr1_input`]: '1000',
      [`${hw}/in2_label`]: 'VDD_CPU_GPU_CV', [`${hw}/in2_input`]: '5064', [`${hw}/curr2_input`]: '250',
      [`${hw}/in3_label`]: 'NC', [`${hw}/in3_input`]: '0', [`${hw}/curr3_input`]: '0',
      [`${hw}/in7_label`]: 'sum of shunt voltages', [`${hw}/in7_input`]: '12',
      // Another hwmon chip on the bus that is not an INA3221.
      'sys/bus/i2c/devices/1-0048/hwmon/hwmon1/name': 'tmp451',
      'sys/bus/i2c/devices/1-0048/hwmon/hwmon1/in1_label': 'X',
      'sys/bus/i2c/devices/1-0048/hwmon/hwmon1/in1_input': '1',
      'sys/bus/i2c/devices/1-0048/hwmon/hwmon1/curr1_input': '1',
    });
    const readings = await readIna3221(root);
    expect(readings).toEqual([
      { rail: 'VDD_IN', mW: 5072, mV: 5072, mA: 1000, layout: 'hwmon', path: `${hw}/{in,curr}1_input` },
      { rail: 'VDD_CPU_GPU_CV', mW: 1266, mV: 5064, mA: 250, layout: 'hwmon', path: `${hw}/{in,curr}2_input` },
    ]);
  });

  it('no monitor, or unreadable values: null (not measured)', async () => {
    expect(await readIna3221(tree({ 'etc/hostname': 'x' }))).toBeNull();
    expect(await readIna3221(tree({ [`${IIO}/0-0040/iio:device0/rail_name_0`]: 'VDD_IN', [`${IIO}/0-0040/iio:device0/in_power0_input`]: 'garbage' }))).toBeNull();
  });

  it('a polled sampler over INA3221 gives powerStats over the window', async () => {
    const root = tx2Tree();
    let t = 0;
    const sampler = startPolledSampler(ina3221TotalReader(root), { intervalMs: 5, now: () => (t += 10) });
    await new Promise((r) => setTimeout(r, 40));
    const { source, samples } = await sampler.stop();
    expect(source).toBe('VDD_IN');
    expect(samples.length).toBeGreaterThanOrEqual(2);
    const stats = powerStats(samples, { startMs: 0, endMs: t + 1 }, { source: source!, inferences: 10 });
    expect(stats).toMatchObject({ source: 'VDD_IN', meanW: 3.14, maxW: 3.14, samples: samples.length });
  });
});

const RAPL = 'sys/class/powercap';
function raplTree(energy0: number, energy1: number | null): string {
  const files: Record<string, string> = {
    [`${RAPL}/intel-rapl:0/name`]: 'package-0',
    [`${RAPL}/intel-rapl:0/energy_uj`]: String(energy0),
    [`${RAPL}/intel-rapl:0/max_energy_range_uj`]: '1000000',
    [`${RAPL}/intel-rapl:0:0/name`]: 'core',
    [`${RAPL}/intel-rapl:0:0/energy_uj`]: '5',
    [`${RAPL}/intel-rapl:0:0/max_energy_range_uj`]: '1000000',
    [`${RAPL}/intel-rapl:2/name`]: 'psys',
    [`${RAPL}/intel-rapl:2/energy_uj`]: '5',
    [`${RAPL}/intel-rapl:2/max_energy_range_uj`]: '1000000',
  };
  if (energy1 !== null) {
    files[`${RAPL}/intel-rapl:1/name`] = 'package-1';
    files[`${RAPL}/intel-rapl:1/energy_uj`] = String(energy1);
    files[`${RAPL}/intel-rapl:1/max_energy_range_uj`] = '2000000';
  }
  return tree(files);
}

describe('RAPL', () => {
  it('reads package zones only (not core sub-zones, not psys)', async () => {
    const r = await readRapl(raplTree(100, 200));
    expect(r!.source).toBe('rapl:package-0+package-1');
    expect(r!.zones.map((z) => [z.id, z.energyUj, z.maxEnergyRangeUj])).toEqual([
      ['intel-rapl:0', 100, 1000000], ['intel-rapl:1', 200, 2000000],
    ]);
  });

  it('handles counter wraparound via max_energy_range_uj', () => {
    expect(energyDeltaUj(100, 350, 1000)).toBe(250);
    expect(energyDeltaUj(900, 50, 1000)).toBe(150);
  });

  it('not readable or absent: null, so host power is "not measured"', async () => {
    expect(await readRapl(tree({ 'etc/x': '' }))).toBeNull();
    expect(await readRapl(tree({ [`${RAPL}/intel-rapl:0/name`]: 'package-0' }))).toBeNull();
    expect(await startRaplSampler({ sysRoot: tree({}) })).toBeNull();
  });

  it('sampler: mean W = energy ÷ time across a wrap, max W over intervals', async () => {
    const root = raplTree(900_000, null);
    const energyFile = path.join(root, RAPL, 'intel-rapl:0/energy_uj');
    let t = 0;
    const sampler = await startRaplSampler({ sysRoot: root, intervalMs: 60_000, now: () => t });
    // 1 s later the counter has wrapped: 900000 → 1000000 (range) → 50000: 150000 µJ = 0.15 J.
    t = 1000;
    writeFileSync(energyFile, '50000\n');
    const stats = await sampler!.stop(3);
    expect(stats).toEqual({
      source: 'rapl:package-0', meanW: 0.15, maxW: 0.15, samples: 1, windowMs: 1000, energyPerInferenceMj: 50,
    });
  });
});
