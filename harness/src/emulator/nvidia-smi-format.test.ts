import { describe, expect, it } from 'vitest';
import { nvidiaSmiList, nvidiaSmiQuery, parseQueryFormat } from './nvidia-smi-format.js';

const GP106 = { name: 'GP106', computeCapability: '6.1', reportsPower: false, idleW: 9, busyW: 55 };

describe("the emulated nvidia-smi's formats", () => {
  it('-L and --query-gpu as nvidia-smi prints them; no power where the board reports none', () => {
    expect(nvidiaSmiList([GP106])).toBe('GPU 0: GP106 (UUID: GPU-00000000-0000-4000-8000-000000000000)\n');
    const now = new Date(2026, 11, 5, 13, 4, 5, 67);
    expect(nvidiaSmiQuery([GP106], ['index', 'name', 'power.draw'], { header: true, units: true, util: 0.5, now })).toEqual({ text: 'index, name, power.draw [W]\n0, GP106, [N/A]\n' });
    const reporting = { ...GP106, reportsPower: true };
    expect(nvidiaSmiQuery([reporting], ['timestamp', 'power.draw'], { header: false, units: true, util: 0.5, now })).toEqual({ text: '2026/12/05 13:04:05.067, 32.00 W\n' });
    expect(nvidiaSmiQuery([reporting], ['power.draw'], { header: true, units: false, util: 1, now })).toEqual({ text: 'power.draw [W]\n55.00\n' });
  });

  it("a field an old driver does not know fails as nvidia-smi's does; formats other than csv are refused", () => {
    expect(nvidiaSmiQuery([GP106], ['index', 'compute_cap'], { header: true, units: true, util: 0, now: new Date() })).toEqual({ error: 'Field "compute_cap" is not a valid field to query.\n' });
    expect(parseQueryFormat('csv,noheader,nounits')).toEqual({ header: false, units: false });
    expect(parseQueryFormat('json')).toBeNull();
  });
});
