import { describe, expect, it } from 'vitest';
import { measurementValidity } from './measurement-validity.js';

describe('measurementValidity', () => {
  const cool = { BCPU: 45, GPU: 44.5, Tboard: 40 };
  it('accepts a cool board at full clocks', () => {
    expect(measurementValidity({ temperaturesC: cool, thermal: { limitC: 85 }, clocks: { atMax: true, reasons: [] }, perfModeSet: true })).toEqual({ valid: true });
  });
  it('rejects a watched zone over the limit and names it', () => {
    const v = measurementValidity({ temperaturesC: { ...cool, GPU: 91.5 }, thermal: { limitC: 85, zones: ['GPU', 'BCPU'] }, clocks: null, perfModeSet: false });
    expect(v).toEqual({ valid: false, reason: expect.stringContaining('GPU 91.5 °C over the 85 °C limit') });
  });
  it('matches kernel zone types (GPU-therm, Tboard_tegra) to tegrastats names', () => {
    const v = measurementValidity({ temperaturesC: { 'GPU-therm': 90, 'Tboard_tegra': 40 }, thermal: { limitC: 85, zones: ['GPU', 'Tboard'] }, clocks: null, perfModeSet: false });
    expect(v).toMatchObject({ valid: false, reason: expect.stringContaining('GPU-therm 90.0 °C') });
  });
  it('ignores hot zones that are not watched (the TX2 PMIC reads 100 °C as a placeholder)', () => {
    expect(measurementValidity({ temperaturesC: { ...cool, PMIC: 100 }, thermal: { limitC: 85, zones: ['GPU', 'BCPU'] }, clocks: null, perfModeSet: false })).toEqual({ valid: true });
  });
  it('rejects a measurement taken while other processes kept the CPU busy', () => {
    const v = measurementValidity({ temperaturesC: {}, clocks: null, perfModeSet: false, contention: { otherCores: 0.9, maxOtherCores: 0.5 } });
    expect(v).toMatchObject({ valid: false, reason: expect.stringContaining('other processes kept 0.90 cores busy') });
    expect(measurementValidity({ temperaturesC: {}, clocks: null, perfModeSet: false, contention: { otherCores: 0.1, maxOtherCores: 0.5 } })).toEqual({ valid: true });
    expect(measurementValidity({ temperaturesC: {}, clocks: null, perfModeSet: false, contention: { otherCores: null, maxOtherCores: 0.5 } })).toEqual({ valid: true });
  });
  it('rejects clocks below maximum only when perf mode was set', () => {
    const clocks = { atMax: false, reasons: ['GPU 1122 MHz < 1300 MHz'] };
    expect(measurementValidity({ temperaturesC: cool, clocks, perfModeSet: true })).toMatchObject({ valid: false, reason: expect.stringContaining('GPU 1122 MHz') });
    expect(measurementValidity({ temperaturesC: cool, clocks, perfModeSet: false })).toEqual({ valid: true });
  });
});
