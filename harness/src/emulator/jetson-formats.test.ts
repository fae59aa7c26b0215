import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { railReadingsToMw, readIna3221 } from '../devices/power/ina3221-sysfs.js';
import { parseTegrastatsLine } from '../devices/power/tegrastats-parse.js';
import { tegrastatsTotalPower } from '../devices/power/tegrastats-log.js';
import { clocksAtMax } from '../devices/probes/clocks-at-max.js';
import { parseJetsonClocksShow } from '../devices/probes/jetson-clocks-parse.js';
import { parseNvTegraRelease } from '../devices/probes/l4t-release-parse.js';
import { parseNvpmodelQuery } from '../devices/probes/nvpmodel-parse.js';
import { modeOf, temperaturesC, type BoardModel } from './board-model.js';
import { BOARD_MODELS } from './board-models.js';
import { defaultBoardState } from './board-state-file.js';
import { createFakeSysroot, updateFakeSysroot } from './fake-sysroot.js';
import { jetsonClocksShow, nvpmodelQuery } from './jetson-tools-output.js';
import { TX2 } from './models/tx2.js';
import { formatTegrastatsLine } from './tegrastats-format.js';

const REAL_TX2_JP4 =
  'RAM 2020/7852MB (lfb 1164x4MB) CPU [9%@345,21%@345,25%@345,3%@345,1%@345,1%@345] EMC_FREQ 0% GR3D_FREQ 0% PLL@42.5C MCPU@42.5C PMIC@100C Tboard@40C GPU@41C BCPU@42.5C thermal@41.9C Tdiode@41.25C VDD_SYS_GPU 153/158 VDD_SYS_SOC 536/547 VDD_4V0_WIFI 633/527 VDD_IN 3140/3208 VDD_SYS_CPU 536/590 VDD_SYS_DDR 557/601';

function frame(model: BoardModel, util: number, rails = true, state = defaultBoardState(model.type)): string {
  const current = model.railsMw(util, state);
  const mode = modeOf(model, state.nvpmodel);
  return formatTegrastatsLine(model, {
    ramUsedMb: 2020,
    ramTotalMb: model.ramTotalMb,
    coreLoadPct: Array.from({ length: model.cpuCount }, (_, i) => (mode.online.includes(i) ? 100 * util : null)),
    cpuMHz: 1420,
    emcMHz: 1600,
    gpuMHz: 306,
    tempsC: temperaturesC(model, util, state),
    rails: rails ? { current, average: current } : null,
  });
}

describe('emulated TX2 tools print the real formats', () => {
  it('tegrastats: same fields in the same order as a real TX2 on JetPack 4', () => {
    const shape = (line: string): string[] => line.split(' ').map((t) => t.replace(/\d+(\.\d+)?/g, 'N'));
    // Offline cores print `off` (the real sample has all six online).
    expect(shape(frame(TX2, 0.5).replace(/\boff\b/g, '0%@0'))).toEqual(shape(REAL_TX2_JP4));
  });
});

describe.each(BOARD_MODELS.map((m) => [m.type, m] as const))('emulated %s', (_type, model) => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('tegrastats parses in its dialect: every rail, VDD_IN as the total, power and heat rise with load', () => {
    const idle = parseTegrastatsLine(frame(model, 0))!;
    const busy = parseTegrastatsLine(frame(model, 1))!;
    expect(idle.unknown).toEqual([]);
    expect(idle.printedAt === null).toBe(model.tegrastats === 'jp4');
    expect(Object.keys(idle.rails)).toEqual([...model.rails]);
    expect(Object.keys(idle.temps)).toEqual(model.sensors.map((s) => s.name));
    const online = modeOf(model, model.defaultMode).online;
    expect(idle.cpus.filter((c) => c.online).map((c) => c.index)).toEqual(online);
    if (model.rails.length === 0) {
      // A board whose tegrastats prints no rails (the PX2's, unconfirmed): power is not measured there.
      expect(tegrastatsTotalPower(busy)).toBeNull();
    } else {
      const idleW = tegrastatsTotalPower(idle)!;
      const busyW = tegrastatsTotalPower(busy)!;
      expect(idleW.source).toBe('VDD_IN');
      expect(busyW.mW).toBeGreaterThan(idleW.mW + 2000);
    }
    const hottest = model.sensors.find((s) => !s.fixed && s.heatC >= 14)!.name;
    expect(busy.temps[hottest]).toBeGreaterThan(idle.temps[hottest]!);
  });

  it('tegrastats without rails: power is "not measured"', () => {
    const sample = parseTegrastatsLine(frame(model, 0.3, false))!;
    expect(sample.rails).toEqual({});
    expect(tegrastatsTotalPower(sample)).toBeNull();
  });

  it('nvpmodel -q, jetson_clocks --show and nv_tegra_release parse for every mode', () => {
    for (const mode of model.modes) {
      const state = { ...defaultBoardState(model.type), nvpmodel: mode.id };
      expect(parseNvpmodelQuery(nvpmodelQuery(model, state))).toMatchObject({ mode: mode.name, id: mode.id });
      const loose = parseJetsonClocksShow(jetsonClocksShow(model, state, 0))!;
      expect(loose.socFamily).toBe(model.socFamily);
      expect(loose.onlineCpus).toEqual(mode.online);
      expect(loose.cpus).toHaveLength(model.cpuCount);
      expect(clocksAtMax(loose).atMax).toBe(false);
      const pinned = parseJetsonClocksShow(jetsonClocksShow(model, { ...state, clocksMax: true }, 0))!;
      expect(pinned.powerMode).toBe(mode.name);
      expect(clocksAtMax(pinned).atMax).toBe(true);
      expect(clocksAtMax(parseJetsonClocksShow(jetsonClocksShow(model, { ...state, clocksMax: true, throttled: true }, 0))!).atMax).toBe(false);
    }
    const release = parseNvTegraRelease(model.nvTegraRelease)!;
    // JetPack 4 is L4T R32, 5 and 6 are R35/R36; DRIVE OS 5.0 sits on the older R28 base (unconfirmed).
    expect(release.version).toMatch(model.type === 'drivepx2' ? /^28\./ : model.tegrastats === 'jp4' ? /^32\./ : /^3[56]\./);
  });

  it('sysfs: hil reads the INA3221 monitors in the layout of its JetPack, and they agree with tegrastats', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), `hil-sysroot-${model.type}-`));
    dirs.push(root);
    const state = defaultBoardState(model.type);
    createFakeSysroot(root, state);
    updateFakeSysroot(root, state, 0.6);
    const found = await readIna3221(root);
    if (model.sysfsPower.chips.length === 0) {
      expect(found).toBeNull();
      return;
    }
    const readings = found!;
    expect(readings.every((r) => r.layout === model.sysfsPower.layout)).toBe(true);
    const mw = railReadingsToMw(readings);
    expect(Object.keys(mw).sort()).toEqual([...model.rails].sort());
    const expected = model.railsMw(0.6, state);
    // hwmon gives volts and amps in whole mV/mA: the product is within a few mW of the rail.
    for (const rail of model.rails) expect(Math.abs(mw[rail]! - expected[rail]!)).toBeLessThan(10);
  });
});
