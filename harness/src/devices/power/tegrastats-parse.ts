/**
 * Parser for one line of `tegrastats` output, for every Jetson generation we know of: TX2 on
 * JetPack 3 (bare-number rails, frequencies when run as root) and 4 (VDD_SYS_* rails), AGX Xavier
 * (rails without a VDD_ prefix), Nano (POM_5V_* rails), AGX Orin / JetPack 5-6 (date prefix, `mW`
 * suffix, `GR3D_FREQ 0%@[0,0]`, `-256C` offline sensors, `NC` rails, lower-case temperatures).
 *
 * The line is read field by field with sticky patterns rather than one big regex, so an unknown
 * future field is skipped (and listed in `unknown`) instead of breaking every field after it.
 * Pure: a function of the string.
 */

export interface TegrastatsRail {
  /** Instantaneous power in mW (first value). */
  currentMw: number;
  /** tegrastats' own running average in mW (second value). */
  avgMw: number;
  /** Third value some builds print (`5139mW/5139mW/5139mW`); its meaning is undocumented, kept raw. */
  extraMw?: number;
}

export interface TegrastatsCpu {
  index: number;
  online: boolean;
  /** Load in percent; null for an offline core. */
  loadPct: number | null;
  /** Frequency in MHz; null when not printed (non-root on some JetPacks) or offline. */
  freqMHz: number | null;
}

export interface TegrastatsEngine {
  /** Utilisation in percent, when printed (`EMC_FREQ 7%@1600`); null for a bare clock (`APE 150`). */
  utilPct: number | null;
  /** Clock in MHz; for a per-GPC array (`@[713,713]`) the highest entry. null when absent or off. */
  freqMHz: number | null;
  /** Every clock of an array field, in order. */
  freqsMHz?: number[];
  /** `NVJPG off`: the engine is powered down. */
  off?: boolean;
}

export interface TegrastatsSample {
  /** The optional leading `MM-DD-YYYY HH:MM:SS`, as ISO `YYYY-MM-DDTHH:MM:SS` (board local time). */
  printedAt: string | null;
  ram: { usedMB: number; totalMB: number; lfbBlocks?: number; lfbBlockMB?: number } | null;
  swap: { usedMB: number; totalMB: number; cachedMB?: number } | null;
  cpus: TegrastatsCpu[];
  /** GR3D_FREQ: the integrated GPU. */
  gpu: TegrastatsEngine | null;
  /** EMC_FREQ: the memory controller. */
  emc: TegrastatsEngine | null;
  /** Every other engine field (APE, NVDEC, VIC_FREQ, NVENC, ...), keyed by the printed name. */
  engines: Record<string, TegrastatsEngine>;
  /** Temperatures in °C keyed by the printed sensor name (case kept: `CPU` on TX2, `cpu` on JetPack 6). */
  temps: Record<string, number>;
  /** Sensors printed as -256C (offline on Orin): a missing reading, never a temperature. */
  offlineSensors: string[];
  /**
   * Power rails in mW keyed by name. `NC` (not connected) rails are left out: they measure nothing
   * and Orin prints several under the same name. An empty object means the board printed no rails.
   */
  rails: Record<string, TegrastatsRail>;
  /** Tokens no pattern understood (future fields); kept so a caller can see what was skipped. */
  unknown: string[];
}

const NUM = String.raw`-?\d+(?:\.\d+)?`;
const TIMESTAMP = /(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})(?=\s)/y;
const RAM = /RAM (\d+)\/(\d+)MB(?: \(lfb (\d+)x(\d+)MB\))?(?=\s|$)/y;
const SWAP = /SWAP (\d+)\/(\d+)MB(?: \(cached (\d+)MB\))?(?=\s|$)/y;
const IRAM = /IRAM \d+\/\d+kB ?\(lfb \d+kB\)(?=\s|$)/y;
const CPU = /CPU \[([^\]]*)\](?=\s|$)/y;
const MTS = /MTS fg (\d+)% bg (\d+)%(?=\s|$)/y;
const ENGINE_UTIL = /([A-Z][A-Z0-9_]*) (\d+)%(?:@(\d+|\[[\d,]*\]))?(?=\s|$)/y;
const ENGINE_OFF = /([A-Z][A-Z0-9_]*) off(?=\s|$)/y;
const ENGINE_CLOCK = /([A-Z][A-Z0-9_]*) (\d+)(?=\s|$)/y;
const TEMP = new RegExp(String.raw`([A-Za-z][A-Za-z0-9_]*)@(${NUM})C(?:/(${NUM})C)?(?=\s|$)`, 'y');
const RAIL = /([A-Za-z][A-Za-z0-9_]*) (\d+)(?:mW)?\/(\d+)(?:mW)?(?:\/(\d+)(?:mW)?)?(?=\s|$)/y;

/** A tegrastats sensor reading at or below this is the driver's "no reading" value (-256C). */
const OFFLINE_TEMP_C = -255;

function emptySample(): TegrastatsSample {
  return {
    printedAt: null, ram: null, swap: null, cpus: [], gpu: null, emc: null,
    engines: {}, temps: {}, offlineSensors: [], rails: {}, unknown: [],
  };
}

function parseCpuList(body: string): TegrastatsCpu[] {
  if (body.trim() === '') return [];
  return body.split(',').map((entry, index) => {
    const e = entry.trim();
    if (e === 'off') return { index, online: false, loadPct: null, freqMHz: null };
    const m = /^(\d+)%(?:@(\d+))?$/.exec(e);
    if (!m) return { index, online: true, loadPct: null, freqMHz: null };
    return { index, online: true, loadPct: Number(m[1]), freqMHz: m[2] === undefined ? null : Number(m[2]) };
  });
}

function parseFreq(raw: string | undefined): Pick<TegrastatsEngine, 'freqMHz' | 'freqsMHz'> {
  if (raw === undefined) return { freqMHz: null };
  if (!raw.startsWith('[')) return { freqMHz: Number(raw) };
  const freqs = raw.slice(1, -1).split(',').filter((s) => s !== '').map(Number);
  return { freqMHz: freqs.length ? Math.max(...freqs) : null, freqsMHz: freqs };
}

function setEngine(sample: TegrastatsSample, name: string, engine: TegrastatsEngine): void {
  if (name === 'GR3D_FREQ' || name === 'GR3D') sample.gpu = engine;
  else if (name === 'EMC_FREQ' || name === 'EMC') sample.emc = engine;
  else sample.engines[name] = engine;
}

type FieldReader = (m: RegExpExecArray, sample: TegrastatsSample) => void;

/** Order matters: specific shapes (RAM's `MB`, `%`) before the generic rail and clock shapes. */
const FIELDS: Array<[RegExp, FieldReader]> = [
  [RAM, (m, s) => {
    s.ram = { usedMB: Number(m[1]), totalMB: Number(m[2]) };
    if (m[3] !== undefined) Object.assign(s.ram, { lfbBlocks: Number(m[3]), lfbBlockMB: Number(m[4]) });
  }],
  [SWAP, (m, s) => {
    s.swap = { usedMB: Number(m[1]), totalMB: Number(m[2]) };
    if (m[3] !== undefined) s.swap.cachedMB = Number(m[3]);
  }],
  [IRAM, () => undefined],
  [CPU, (m, s) => { s.cpus = parseCpuList(m[1] ?? ''); }],
  [MTS, (m, s) => {
    s.engines.MTS_FG = { utilPct: Number(m[1]), freqMHz: null };
    s.engines.MTS_BG = { utilPct: Number(m[2]), freqMHz: null };
  }],
  [ENGINE_UTIL, (m, s) => setEngine(s, m[1]!, { utilPct: Number(m[2]), ...parseFreq(m[3]) })],
  [ENGINE_OFF, (m, s) => setEngine(s, m[1]!, { utilPct: null, freqMHz: null, off: true })],
  [TEMP, (m, s) => {
    const c = Number(m[2]);
    if (c <= OFFLINE_TEMP_C) s.offlineSensors.push(m[1]!);
    else s.temps[m[1]!] = c;
  }],
  [RAIL, (m, s) => {
    if (m[1] === 'NC') return;
    const rail: TegrastatsRail = { currentMw: Number(m[2]), avgMw: Number(m[3]) };
    if (m[4] !== undefined) rail.extraMw = Number(m[4]);
    s.rails[m[1]!] = rail;
  }],
  [ENGINE_CLOCK, (m, s) => setEngine(s, m[1]!, { utilPct: null, freqMHz: Number(m[2]) })],
];

function readField(line: string, pos: number, sample: TegrastatsSample): number {
  for (const [re, read] of FIELDS) {
    re.lastIndex = pos;
    const m = re.exec(line);
    if (m) {
      read(m, sample);
      return re.lastIndex;
    }
  }
  const end = line.indexOf(' ', pos);
  const stop = end === -1 ? line.length : end;
  sample.unknown.push(line.slice(pos, stop));
  return stop;
}

/**
 * Parses one tegrastats line. Returns null when the line is not tegrastats output at all: it must
 * carry the RAM field or the CPU field, which every generation prints.
 */
export function parseTegrastatsLine(line: string): TegrastatsSample | null {
  const text = line.replace(/\r$/, '').trim();
  const sample = emptySample();
  let pos = 0;
  TIMESTAMP.lastIndex = 0;
  const ts = TIMESTAMP.exec(text);
  if (ts) {
    sample.printedAt = `${ts[3]}-${ts[1]}-${ts[2]}T${ts[4]}:${ts[5]}:${ts[6]}`;
    pos = TIMESTAMP.lastIndex;
  }
  let sawCpuField = false;
  while (pos < text.length) {
    while (text[pos] === ' ' || text[pos] === '\t') pos += 1;
    if (pos >= text.length) break;
    if (text.startsWith('CPU [', pos)) sawCpuField = true;
    pos = readField(text, pos, sample);
  }
  if (sample.ram === null && !sawCpuField) return null;
  return sample;
}
