/**
 * `jetson_clocks --show`: the clocks of every CPU core, the GPU, the memory controller (EMC) and,
 * on newer boards, DLA/PVA engines. Frequencies are normalised to Hz (CPU lines print kHz,
 * GPU/EMC lines print Hz). Pure.
 */
export interface ClockRange {
  minHz: number;
  maxHz: number;
  curHz: number;
}

export interface CpuClock extends ClockRange {
  id: number;
  /** From the core's own `Online=` field, else the `Online CPUs:` list; null when neither says. */
  online: boolean | null;
  governor?: string;
}

export interface JetsonClocks {
  socFamily?: string;
  machine?: string;
  /** `Online CPUs: 0,3-5` expanded. */
  onlineCpus?: number[];
  cpus: CpuClock[];
  gpu: ClockRange | null;
  emc: (ClockRange & { freqOverride?: number }) | null;
  /** Other clocked units (DLA0_CORE, PVA0_VPS0, ...), Hz. */
  engines: Record<string, ClockRange>;
  powerMode?: string;
  fan?: string;
}

function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([A-Za-z0-9_]+)=(\S+)/g)) out[m[1]!] = m[2]!;
  return out;
}

function range(kv: Record<string, string>, scale: number): ClockRange | null {
  const min = Number(kv.MinFreq);
  const max = Number(kv.MaxFreq);
  const cur = Number(kv.CurrentFreq);
  if (![min, max, cur].every(Number.isFinite) || kv.MaxFreq === undefined || kv.CurrentFreq === undefined) return null;
  return { minHz: min * scale, maxHz: max * scale, curHz: cur * scale };
}

/** `0,3-5` → [0, 3, 4, 5]. */
export function parseCpuList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let i = from; i <= to; i += 1) out.push(i);
  }
  return out;
}

/** null when nothing in the text looks like jetson_clocks output. */
export function parseJetsonClocksShow(text: string): JetsonClocks | null {
  const result: JetsonClocks = { cpus: [], gpu: null, emc: null, engines: {} };
  let recognised = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^SOC family:\s*(\S+)(?:\s+Machine:\s*(.+))?$/.exec(line))) {
      result.socFamily = m[1]!;
      if (m[2]) result.machine = m[2].trim();
      recognised = true;
    } else if ((m = /^Online CPUs:\s*(.*)$/.exec(line))) {
      result.onlineCpus = parseCpuList(m[1]!);
      recognised = true;
    } else if ((m = /^cpu(\d+):\s*(.*)$/.exec(line))) {
      const kv = keyValues(m[2]!);
      const r = range(kv, 1000);
      if (!r) continue;
      const cpu: CpuClock = { id: Number(m[1]), online: kv.Online === undefined ? null : kv.Online === '1', ...r };
      if (kv.Governor) cpu.governor = kv.Governor;
      result.cpus.push(cpu);
      recognised = true;
    } else if ((m = /^NV Power Mode\s*:\s*(.+)$/.exec(line))) {
      result.powerMode = m[1]!.trim();
    } else if ((m = /^(?:Fan|FAN):?\s*(.*)$/.exec(line))) {
      result.fan = m[1]!.trim();
    } else if ((m = /^([A-Z][A-Z0-9_]*):?\s+(.*MaxFreq=.*)$/.exec(line))) {
      const kv = keyValues(m[2]!);
      const r = range(kv, 1);
      if (!r) continue;
      recognised = true;
      if (m[1] === 'GPU') result.gpu = r;
      else if (m[1] === 'EMC') {
        result.emc = kv.FreqOverride === undefined ? r : { ...r, freqOverride: Number(kv.FreqOverride) };
      } else result.engines[m[1]!] = r;
    }
  }
  if (result.onlineCpus) {
    for (const cpu of result.cpus) if (cpu.online === null) cpu.online = result.onlineCpus.includes(cpu.id);
  }
  return recognised ? result : null;
}
