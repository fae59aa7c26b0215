import { describe, expect, it } from 'vitest';
import { parseStampedIna3221, stampedIna3221Command } from './ina3221-stamped.js';

describe('stamped INA3221 readings', () => {
  it('totals each tick on the named input rail, in watts on the board clock', () => {
    const text = [
      '1795800000000 VDD_SYS_GPU 150', '1795800000000 VDD_SYS_SOC 540', '1795800000000 VDD_IN 3140',
      '1795800000100 VDD_SYS_GPU 160', '1795800000100 VDD_IN 3300', 'garbage',
    ].join('\n');
    expect(parseStampedIna3221(text, 'VDD_IN')).toEqual({ source: 'VDD_IN', samples: [{ tMs: 1795800000000, watts: 3.14 }, { tMs: 1795800000100, watts: 3.3 }] });
  });
  it('sums the rails of a board without an input rail, and says so', () => {
    const r = parseStampedIna3221('1795800000000 GPU 1000\n1795800000000 CPU 2500\n');
    expect(r).toEqual({ source: 'sum', samples: [{ tMs: 1795800000000, watts: 3.5 }] });
  });
  it('reports no source (not measured) when the board has no monitors', () => {
    expect(parseStampedIna3221('')).toEqual({ source: null, samples: [] });
  });
  it('builds a POSIX loop over both sysfs layouts', () => {
    const script = stampedIna3221Command(50);
    expect(script).toContain('ina3221x/*/iio:device*');
    expect(script).toContain('hwmon/hwmon*');
    expect(script).toContain('sleep 0.050');
  });
});
