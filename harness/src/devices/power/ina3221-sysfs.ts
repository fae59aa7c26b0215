/**
 * INA3221 power monitors read straight from sysfs, an alternative to tegrastats that needs no
 * extra process on the board. Two layouts:
 * - iio (TX2 / JetPack <= 4): /sys/bus/i2c/drivers/ina3221x/<bus>-<addr>/iio:deviceN/
 *   in_power<k>_input (mW) + rail_name_<k>
 * - hwmon (JetPack 5+): /sys/bus/i2c/devices/<bus>-<addr>/hwmon/hwmonN/
 *   in<k>_label + in<k>_input (mV) + curr<k>_input (mA); N varies between boots and boards.
 * Every path starts at `sysRoot` so tests (and the emulated board) point it at a fake tree.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type Ina3221Layout = 'iio' | 'hwmon';

export interface RailReading {
  rail: string;
  mW: number;
  /** Bus voltage and current, where the layout gives them (hwmon). */
  mV?: number;
  mA?: number;
  layout: Ina3221Layout;
  /** The file (or files) read, relative to sysRoot, for provenance. */
  path: string;
}

const IIO_DRIVER_DIR = 'sys/bus/i2c/drivers/ina3221x';
const I2C_DEVICES_DIR = 'sys/bus/i2c/devices';

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort(byNumericSuffix);
  } catch {
    return [];
  }
}

/** hwmon10 after hwmon9, iio:device1 after iio:device0. */
function byNumericSuffix(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

async function readText(file: string): Promise<string | null> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    return null;
  }
}

async function readNumber(file: string): Promise<number | null> {
  const text = await readText(file);
  if (text === null || !/^-?\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

async function readIio(sysRoot: string): Promise<RailReading[]> {
  const out: RailReading[] = [];
  for (const chip of await list(join(sysRoot, IIO_DRIVER_DIR))) {
    if (!/^\d+-[0-9a-f]{4}$/.test(chip)) continue;
    const chipDir = join(sysRoot, IIO_DRIVER_DIR, chip);
    for (const dev of (await list(chipDir)).filter((d) => d.startsWith('iio:device'))) {
      const rel = join(IIO_DRIVER_DIR, chip, dev);
      const files = await list(join(sysRoot, rel));
      for (const f of files) {
        const m = /^in_power(\d+)_input$/.exec(f);
        if (!m) continue;
        const mW = await readNumber(join(sysRoot, rel, f));
        const rail = await readText(join(sysRoot, rel, `rail_name_${m[1]}`));
        if (mW === null || !rail) continue;
        out.push({ rail, mW, layout: 'iio', path: join(rel, f) });
      }
    }
  }
  return out;
}

async function readHwmon(sysRoot: string): Promise<RailReading[]> {
  const out: RailReading[] = [];
  for (const dev of await list(join(sysRoot, I2C_DEVICES_DIR))) {
    if (!/^\d+-[0-9a-f]{4}$/.test(dev)) continue;
    const hwmonParent = join(I2C_DEVICES_DIR, dev, 'hwmon');
    for (const hw of (await list(join(sysRoot, hwmonParent))).filter((h) => /^hwmon\d+$/.test(h))) {
      const rel = join(hwmonParent, hw);
      const name = await readText(join(sysRoot, rel, 'name'));
      if (name !== null && name !== 'ina3221') continue;
      for (const f of await list(join(sysRoot, rel))) {
        const m = /^in(\d+)_label$/.exec(f);
        if (!m) continue;
        const k = m[1];
        const rail = await readText(join(sysRoot, rel, f));
        // Channels without a current (e.g. Orin's "sum of shunt voltages") are not rails.
        const mV = await readNumber(join(sysRoot, rel, `in${k}_input`));
        const mA = await readNumber(join(sysRoot, rel, `curr${k}_input`));
        if (!rail || rail === 'NC' || mV === null || mA === null) continue;
        out.push({ rail, mW: (mV * mA) / 1000, mV, mA, layout: 'hwmon', path: join(rel, `{in,curr}${k}_input`) });
      }
    }
  }
  return out;
}

/**
 * Reads every INA3221 rail under `sysRoot` (default `/`). Returns null when no monitor is found
 * or none is readable: power is then "not measured". iio wins when both layouts exist.
 */
export async function readIna3221(sysRoot = '/'): Promise<RailReading[] | null> {
  const iio = await readIio(sysRoot);
  if (iio.length > 0) return iio;
  const hwmon = await readHwmon(sysRoot);
  return hwmon.length > 0 ? hwmon : null;
}

/** Rail name → mW, the shape totalPowerFromRails takes. */
export function railReadingsToMw(readings: readonly RailReading[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of readings) out[r.rail] = r.mW;
  return out;
}
