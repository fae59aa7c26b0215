import { describe, expect, it } from 'vitest';
import { parseTegrastatsLine } from '../devices/power/tegrastats-parse.js';
import { tegrastatsTotalPower } from '../devices/power/tegrastats-log.js';
import { clocksAtMax } from '../devices/probes/clocks-at-max.js';
import { parseJetsonClocksShow } from '../devices/probes/jetson-clocks-parse.js';
import { parseNvTegraRelease } from '../devices/probes/l4t-release-parse.js';
import { parseNvpmodelQuery } from '../devices/probes/nvpmodel-parse.js';
import { jetsonClocksShow, nvpmodelQuery, TX2_NV_TEGRA_RELEASE } from './jetson-tools-output.js';
import { formatTx2TegrastatsLine } from './tegrastats-format.js';
import { defaultBoardState, tx2RailsMw, tx2TempsC, TX2_RAILS } from './tx2-model.js';

const REAL_TX2_JP4 =
  'RAM 2020/7852MB (lfb 1164x4MB) CPU [9%@345,21%@345,25%@345,3%@345,1%@345,1%@345] EMC_FREQ 0% GR3D_FREQ 0% PLL@42.5C MCPU@42.5C PMIC@100C Tboard@40C GPU@41C BCPU@42.5C thermal@41.9C Tdiode@41.25C VDD_SYS_GPU 153/158 VDD_SYS_SOC 536/547 VDD_4V0_WIFI 633/527 VDD_IN 3140/3208 VDD_SYS_CPU 536/590 VDD_SYS_DDR 557/601';

function frame(util: number, rails = true): string {
  const state = defaultBoardState('jetson2');
  const current = tx2RailsMw(util, state);
  return formatTx2TegrastatsLine({
    ramUsedMb: 2020,
    ramTotalMb: 7852,
    coreLoadPct: [100 * util, null, null, 100 * util, 100 * util, 100 * util],
    cpuMHz: 2035,
    tempsC: tx2TempsC(util, state),
    rails: rails ? { current, average: current } : null,
  });
}

describe('emulated TX2 tools print the real formats', () => {
  it('tegrastats: same fields in the same order as a real TX2 on JetPack 4', () => {
    const shape = (line: string): string[] => line.split(' ').map((t) => t.replace(/\d+(\.\d+)?/g, 'N'));
    const real = shape(REAL_TX2_JP4);
    // Offline cores print `off` (the real sample has all six online).
    const emulated = shape(frame(0.5).replace(/\boff\b/g, '0%@0'));
    expect(emulated).toEqual(real);
  });

  it('tegrastats: the power parser reads VDD_IN as the total, and power rises with load', () => {
    const idle = parseTegrastatsLine(frame(0))!;
    const busy = parseTegrastatsLine(frame(1))!;
    expect(Object.keys(idle.rails)).toEqual([...TX2_RAILS]);
    expect(idle.cpus.filter((c) => !c.online).map((c) => c.index)).toEqual([1, 2]);
    const idleW = tegrastatsTotalPower(idle)!;
    const busyW = tegrastatsTotalPower(busy)!;
    expect(idleW.source).toBe('VDD_IN');
    expect(busyW.mW).toBeGreaterThan(idleW.mW + 2000);
    expect(idle.temps.BCPU).toBeLessThan(busy.temps.BCPU!);
  });

  it('tegrastats: a board without rails prints none (power is then "not measured")', () => {
    const sample = parseTegrastatsLine(frame(0.3, false))!;
    expect(sample.rails).toEqual({});
    expect(tegrastatsTotalPower(sample)).toBeNull();
  });

  it('nvpmodel -q, jetson_clocks --show and nv_tegra_release parse as on a TX2', () => {
    const state = defaultBoardState('jetson2');
    expect(parseNvpmodelQuery(nvpmodelQuery(state))).toMatchObject({ mode: 'MAXP_CORE_ARM', id: 3 });
    expect(parseNvpmodelQuery(nvpmodelQuery({ ...state, nvpmodel: 0 }))).toMatchObject({ mode: 'MAXN', id: 0 });
    const before = parseJetsonClocksShow(jetsonClocksShow(state, 0))!;
    expect(before.onlineCpus).toEqual([0, 3, 4, 5]);
    expect(clocksAtMax(before).atMax).toBe(false);
    const pinned = parseJetsonClocksShow(jetsonClocksShow({ ...state, nvpmodel: 0, clocksMax: true }, 0))!;
    expect(pinned.powerMode).toBe('MAXN');
    expect(clocksAtMax(pinned).atMax).toBe(true);
    const throttled = parseJetsonClocksShow(jetsonClocksShow({ ...state, clocksMax: true, throttled: true }, 0))!;
    expect(clocksAtMax(throttled).atMax).toBe(false);
    expect(parseNvTegraRelease(TX2_NV_TEGRA_RELEASE)).toMatchObject({ version: '32.7.1', board: 't186ref' });
  });
});
