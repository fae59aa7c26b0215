import { describe, expect, it } from 'vitest';
import { powerStats, summarizeWatts } from '../../harness/src/metrics/power-stats.js';
import { totalPowerFromRails, totalPowerSource } from '../../harness/src/devices/power/total-power.js';
import { parseStampedTegrastats, stampedTegrastatsCommand } from '../../harness/src/devices/power/tegrastats-stamped.js';

const samples = [
  { tMs: 900, watts: 2 }, // before the window
  { tMs: 1000, watts: 3 }, // on the start edge: left out
  { tMs: 1100, watts: 10 },
  { tMs: 1500, watts: 12 },
  { tMs: 1900, watts: 14 },
  { tMs: 2000, watts: 30 }, // on the end edge: left out
  { tMs: 2100, watts: 2 },
];

describe('powerStats', () => {
  it('counts only samples strictly inside the window', () => {
    const stats = powerStats(samples, { startMs: 1000, endMs: 2000 }, { source: 'VDD_IN', inferences: 50 });
    expect(stats).toEqual({
      source: 'VDD_IN',
      meanW: 12,
      maxW: 14,
      samples: 3,
      windowMs: 1000,
      // 12 W × 1 s = 12 J over 50 inferences = 240 mJ each
      energyPerInferenceMj: 240,
    });
  });

  it('energy per inference uses the whole window length', () => {
    const s = powerStats([{ tMs: 1, watts: 7.5 }], { startMs: 0, endMs: 4000 }, { source: 'sum', inferences: 3 });
    expect(s!.energyPerInferenceMj).toBeCloseTo((7.5 * 4 * 1000) / 3, 9);
  });

  it('no samples inside the window: null (not measured), never 0', () => {
    expect(powerStats(samples, { startMs: 1100, endMs: 1500 }, { source: 'VDD_IN' })).toBeNull();
    expect(powerStats([], { startMs: 0, endMs: 10 }, { source: 'VDD_IN' })).toBeNull();
    expect(powerStats(samples, { startMs: 2000, endMs: 1000 }, { source: 'VDD_IN' })).toBeNull();
  });

  it('without an inference count, energy per inference is null', () => {
    expect(powerStats(samples, { startMs: 1000, endMs: 2000 }, { source: 'x' })!.energyPerInferenceMj).toBeNull();
    expect(powerStats(samples, { startMs: 1000, endMs: 2000 }, { source: 'x', inferences: 0 })!.energyPerInferenceMj).toBeNull();
  });

  it('summarizeWatts', () => {
    expect(summarizeWatts([])).toBeNull();
    expect(summarizeWatts([1, 3, 2])).toEqual({ meanW: 2, maxW: 3, samples: 3 });
  });
});

describe('total power rule', () => {
  it('prefers VDD_IN, then POM_5V_IN, else the sum; nothing to sum is null', () => {
    expect(totalPowerFromRails({ VDD_SYS_CPU: 500, VDD_IN: 3000 })).toEqual({ source: 'VDD_IN', mW: 3000 });
    expect(totalPowerFromRails({ POM_5V_GPU: 500, POM_5V_IN: 4000 })).toEqual({ source: 'POM_5V_IN', mW: 4000 });
    expect(totalPowerFromRails({ GPU: 500, CPU: 600 })).toEqual({ source: 'sum', mW: 1100 });
    expect(totalPowerFromRails({})).toBeNull();
    expect(totalPowerSource(['GPU', 'VDD_IN'])).toBe('VDD_IN');
    expect(totalPowerSource([])).toBeNull();
  });
});

describe('board-stamped tegrastats', () => {
  const tx2 = (vin: number): string => `RAM 2020/7852MB CPU [9%@345,off] GR3D_FREQ 0% VDD_SYS_GPU 153/158 VDD_IN ${vin}/3208`;

  it('turns stamped lines into timed watts on the input rail, then window stats', () => {
    const text = [
      `1700000000000 ${tx2(3000)}`,
      `1700000000100 ${tx2(9000)}`,
      `1700000000200 ${tx2(11000)}`,
      `1700000000300 RAM 2020/78`, // cut when tegrastats was stopped
      `1700000000400 ${tx2(3000)}`,
    ].join('\n');
    const parsed = parseStampedTegrastats(text);
    expect(parsed.source).toBe('VDD_IN');
    expect(parsed.skipped).toBe(1);
    expect(parsed.samples).toEqual([
      { tMs: 1700000000000, watts: 3 }, { tMs: 1700000000100, watts: 9 },
      { tMs: 1700000000200, watts: 11 }, { tMs: 1700000000400, watts: 3 },
    ]);
    const stats = powerStats(parsed.samples, { startMs: 1700000000050, endMs: 1700000000250 }, { source: parsed.source!, inferences: 4 });
    expect(stats).toMatchObject({ source: 'VDD_IN', meanW: 10, maxW: 11, samples: 2, windowMs: 200, energyPerInferenceMj: 500 });
  });

  it('no rails: source null and no samples, so power is not measured', () => {
    const parsed = parseStampedTegrastats('1700000000000 RAM 2020/7852MB CPU [9%@345] GR3D_FREQ 0%\n');
    expect(parsed).toEqual({ source: null, samples: [], skipped: 0 });
  });

  it('the board command stamps each line with epoch ms', () => {
    expect(stampedTegrastatsCommand(250)).toBe(
      `stdbuf -oL tegrastats --interval 250 | while IFS= read -r l; do printf '%s %s\\n' "$(date +%s%3N)" "$l"; done`,
    );
  });
});
