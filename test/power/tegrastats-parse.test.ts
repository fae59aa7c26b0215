import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTegrastatsLine, type TegrastatsSample } from '../../harness/src/devices/power/tegrastats-parse.js';
import { tegrastatsTotalPower } from '../../harness/src/devices/power/tegrastats-log.js';

// Copied verbatim from ../shared/reference/jetson/ so a fresh clone runs these tests.
const fixture = path.join(import.meta.dirname, 'fixtures', 'jetson', 'tegrastats-samples.txt');
const referenceLines = readFileSync(fixture, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
const [tx2Jp3, tx2Jp4, xavier, nano, orin] = referenceLines.map((l) => parseTegrastatsLine(l)!) as [TegrastatsSample, TegrastatsSample, TegrastatsSample, TegrastatsSample, TegrastatsSample];

describe('tegrastats reference lines', () => {
  it('parses every line of the reference file with nothing left unknown', () => {
    expect(referenceLines).toHaveLength(5);
    for (const line of referenceLines) {
      const s = parseTegrastatsLine(line);
      expect(s, line).not.toBeNull();
      expect(s!.unknown, line).toEqual([]);
      expect(s!.ram, line).not.toBeNull();
      expect(s!.cpus.length, line).toBeGreaterThanOrEqual(4);
      expect(Object.keys(s!.rails).length, line).toBeGreaterThan(0);
    }
  });

  it('TX2 JetPack 3: bare-number rails, frequencies, VDD_IN is the total', () => {
    expect(tx2Jp3.ram).toEqual({ usedMB: 1685, totalMB: 7854, lfbBlocks: 1044, lfbBlockMB: 4 });
    expect(tx2Jp3.swap).toEqual({ usedMB: 278, totalMB: 8192, cachedMB: 23 });
    expect(tx2Jp3.cpus[0]).toEqual({ index: 0, online: true, loadPct: 0, freqMHz: 1303 });
    expect(tx2Jp3.cpus[5]).toEqual({ index: 5, online: true, loadPct: 0, freqMHz: 1421 });
    expect(tx2Jp3.emc).toEqual({ utilPct: 0, freqMHz: 1866 });
    expect(tx2Jp3.gpu).toEqual({ utilPct: 0, freqMHz: 140 });
    expect(tx2Jp3.engines.APE).toEqual({ utilPct: null, freqMHz: 150 });
    expect(tx2Jp3.engines.MTS_FG?.utilPct).toBe(1);
    expect(tx2Jp3.engines.MTS_BG?.utilPct).toBe(8);
    expect(tx2Jp3.temps).toMatchObject({ BCPU: 41, GPU: 39, Tdiode: 37.25, thermal: 39.9, PMIC: 100 });
    expect(tx2Jp3.rails.VDD_IN).toEqual({ currentMw: 1931, avgMw: 1931 });
    expect(Object.keys(tx2Jp3.rails)).toEqual(['VDD_IN', 'VDD_CPU', 'VDD_GPU', 'VDD_SOC', 'VDD_WIFI', 'VDD_DDR']);
    expect(tegrastatsTotalPower(tx2Jp3)).toEqual({ source: 'VDD_IN', mW: 1931 });
    expect(tx2Jp3.printedAt).toBeNull();
  });

  it('TX2 JetPack 4: util without frequency, VDD_SYS_* rails', () => {
    expect(tx2Jp4.swap).toBeNull();
    expect(tx2Jp4.cpus.map((c) => c.loadPct)).toEqual([9, 21, 25, 3, 1, 1]);
    expect(tx2Jp4.gpu).toEqual({ utilPct: 0, freqMHz: null });
    expect(tx2Jp4.rails.VDD_SYS_GPU).toEqual({ currentMw: 153, avgMw: 158 });
    expect(tx2Jp4.rails.VDD_4V0_WIFI).toEqual({ currentMw: 633, avgMw: 527 });
    expect(tegrastatsTotalPower(tx2Jp4)).toEqual({ source: 'VDD_IN', mW: 3140 });
  });

  it('AGX Xavier: no input rail, so the total is the sum of rails', () => {
    expect(xavier.cpus).toHaveLength(8);
    expect(xavier.temps.CPU).toBe(31.5);
    expect(xavier.rails.CPU).toEqual({ currentMw: 618, avgMw: 618 });
    expect(tegrastatsTotalPower(xavier)).toEqual({ source: 'sum', mW: 463 + 618 + 2936 + 0 + 309 + 3306 });
  });

  it('Nano: POM_5V_IN is the total, IRAM/NVDEC/VIC fields', () => {
    expect(nano.gpu).toEqual({ utilPct: 86, freqMHz: 921 });
    expect(nano.engines.VIC_FREQ).toEqual({ utilPct: 0, freqMHz: 140 });
    expect(nano.engines.NVDEC).toEqual({ utilPct: null, freqMHz: 716 });
    expect(tegrastatsTotalPower(nano)).toEqual({ source: 'POM_5V_IN', mW: 4531 });
  });

  it('AGX Orin: date prefix, mW suffix, GPC array, offline sensors, NC rails dropped', () => {
    expect(orin.printedAt).toBe('2025-04-11T10:36:27');
    expect(orin.cpus).toHaveLength(12);
    expect(orin.gpu).toEqual({ utilPct: 0, freqMHz: 0, freqsMHz: [0, 0] });
    expect(orin.engines.VIC_FREQ).toEqual({ utilPct: null, freqMHz: 729 });
    expect(orin.offlineSensors).toEqual(['CV0', 'CV1', 'GPU', 'CV2']);
    expect(orin.temps.GPU).toBeUndefined();
    expect(orin.temps.CPU).toBe(44.562);
    expect(Object.keys(orin.rails)).toEqual(['VDD_GPU_SOC', 'VDD_CPU_CV', 'VIN_SYS_5V0', 'VDDQ_VDD2_1V8AO']);
    expect(tegrastatsTotalPower(orin)).toEqual({ source: 'sum', mW: 2340 + 390 + 4025 + 301 });
  });
});

describe('tegrastats variants', () => {
  it('a board that prints no power rails: parsed, total not measured (null, never 0)', () => {
    const s = parseTegrastatsLine('RAM 2020/7852MB (lfb 1164x4MB) CPU [9%@345,21%@345] EMC_FREQ 0% GR3D_FREQ 0% PLL@42.5C')!;
    expect(s.rails).toEqual({});
    expect(tegrastatsTotalPower(s)).toBeNull();
  });

  it('off CPU cores', () => {
    const s = parseTegrastatsLine('RAM 1685/7854MB CPU [12%@2035,off,off,3%@2035,5%@2035,1%@2035] VDD_IN 5000/4000')!;
    expect(s.cpus.map((c) => c.online)).toEqual([true, false, false, true, true, true]);
    expect(s.cpus[1]).toEqual({ index: 1, online: false, loadPct: null, freqMHz: null });
    expect(s.cpus[0]?.freqMHz).toBe(2035);
  });

  it('rails with three values keep current and average', () => {
    const s = parseTegrastatsLine('RAM 3000/7620MB CPU [1%@1984] VDD_IN 5139mW/5139mW/5139mW VDD_CPU_GPU_CV 1200mW/1100mW/1300mW')!;
    expect(s.rails.VDD_IN).toEqual({ currentMw: 5139, avgMw: 5139, extraMw: 5139 });
    expect(s.rails.VDD_CPU_GPU_CV).toEqual({ currentMw: 1200, avgMw: 1100, extraMw: 1300 });
    expect(s.unknown).toEqual([]);
  });

  it('lower-case temperatures with two values', () => {
    const s = parseTegrastatsLine('RAM 3000/7620MB CPU [1%@1984] cpu@52.9C/52.9C soc0@48.1C/49C gpu@-256C/-256C VDD_IN 4000mW/4000mW')!;
    expect(s.temps).toEqual({ cpu: 52.9, soc0: 48.1 });
    expect(s.offlineSensors).toEqual(['gpu']);
  });

  it('JetPack 6 line: engines with util@freq and off, single GPC array', () => {
    const line = '05-15-2025 18:30:28 RAM 6982/7620MB (lfb 5x1MB) SWAP 2640/16384MB (cached 202MB) CPU [97%@1984,95%@1984,93%@247] EMC_FREQ 18%@3199 GR3D_FREQ 84%@[713] NVENC 1%@115 NVDEC 40%@115 NVJPG off NVJPG1 off VIC 31%@115 OFA off NVDLA0 off PVA0_FREQ off APE 174 cv0@63.031C cpu@65.562C tj@65.562C VDD_IN 17946mW/15710mW VDD_CPU_GPU_CV 8896mW/7585mW VDD_SOC 3923mW/3515mW';
    const s = parseTegrastatsLine(line)!;
    expect(s.unknown).toEqual([]);
    expect(s.gpu).toEqual({ utilPct: 84, freqMHz: 713, freqsMHz: [713] });
    expect(s.emc).toEqual({ utilPct: 18, freqMHz: 3199 });
    expect(s.engines.NVDEC).toEqual({ utilPct: 40, freqMHz: 115 });
    expect(s.engines.NVJPG).toEqual({ utilPct: null, freqMHz: null, off: true });
    expect(tegrastatsTotalPower(s)).toEqual({ source: 'VDD_IN', mW: 17946 });
  });

  it('timestamp prefix on an old-format line, CRLF endings and an unknown future field', () => {
    const s = parseTegrastatsLine('01-02-2024 03:04:05 RAM 1/2MB CPU [1%@2] NEWTHING x=1 VDD_IN 10/20\r')!;
    expect(s.printedAt).toBe('2024-01-02T03:04:05');
    expect(s.unknown).toEqual(['NEWTHING', 'x=1']);
    expect(s.rails.VDD_IN).toEqual({ currentMw: 10, avgMw: 20 });
  });

  it('rejects lines that are not tegrastats output', () => {
    expect(parseTegrastatsLine('')).toBeNull();
    expect(parseTegrastatsLine('$ sudo tegrastats --interval 100')).toBeNull();
    expect(parseTegrastatsLine('VDD_IN 100/100')).toBeNull();
    expect(parseTegrastatsLine('hello world')).toBeNull();
  });
});
