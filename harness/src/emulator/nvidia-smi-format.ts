/**
 * What `nvidia-smi -L` and `nvidia-smi --query-gpu=... --format=csv` print, for the emulator's
 * discrete GPUs. Pure; `nvidia-smi --help-query-gpu` documents the fields and their units.
 */
import type { DiscreteGpu } from './board-model.js';

export interface QueryFormat {
  header: boolean;
  units: boolean;
}

/** `csv`, `csv,noheader`, `csv,nounits`, `csv,noheader,nounits`; null otherwise. */
export function parseQueryFormat(spec: string): QueryFormat | null {
  const parts = spec.split(',').map((p) => p.trim());
  if (parts[0] !== 'csv' || parts.slice(1).some((p) => p !== 'noheader' && p !== 'nounits')) return null;
  return { header: !parts.includes('noheader'), units: !parts.includes('nounits') };
}

function uuid(index: number): string {
  return `GPU-00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
}

/** `firstIndex`: nvidia-smi's index of the first GPU listed (with `-i N`, the one GPU is N). */
export function nvidiaSmiList(gpus: readonly DiscreteGpu[], firstIndex = 0): string {
  return gpus.map((g, i) => `GPU ${firstIndex + i}: ${g.name} (UUID: ${uuid(firstIndex + i)})\n`).join('');
}

function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

interface Field {
  /** Header with the unit, as nvidia-smi prints it (`power.draw [W]`). */
  header: string;
  value(gpu: DiscreteGpu, index: number, util: number, now: Date): { text: string; unit?: string };
}

// The fields an old (DRIVE OS 5-era) driver answers; `compute_cap` came with driver 510.
const FIELDS: Record<string, Field> = {
  timestamp: { header: 'timestamp', value: (_g, _i, _u, now) => ({ text: stamp(now) }) },
  index: { header: 'index', value: (_g, i) => ({ text: String(i) }) },
  name: { header: 'name', value: (g) => ({ text: g.name }) },
  uuid: { header: 'uuid', value: (_g, i) => ({ text: uuid(i) }) },
  'power.draw': { header: 'power.draw [W]', value: (g, _i, u) => (g.reportsPower ? { text: (g.idleW + (g.busyW - g.idleW) * Math.min(1, Math.max(0, u))).toFixed(2), unit: ' W' } : { text: '[N/A]' }) },
  'power.limit': { header: 'power.limit [W]', value: (g) => (g.reportsPower ? { text: g.busyW.toFixed(2), unit: ' W' } : { text: '[N/A]' }) },
  'utilization.gpu': { header: 'utilization.gpu [%]', value: (_g, _i, u) => ({ text: String(Math.round(Math.min(1, Math.max(0, u)) * 100)), unit: ' %' }) },
};

/** The CSV lines of one query; an unknown field is nvidia-smi's own error. */
export function nvidiaSmiQuery(gpus: readonly DiscreteGpu[], names: readonly string[], options: QueryFormat & { util: number; now: Date; firstIndex?: number }): { text: string } | { error: string } {
  const fields: Field[] = [];
  for (const name of names.map((n) => n.trim())) {
    const field = FIELDS[name];
    if (!field) return { error: `Field "${name}" is not a valid field to query.\n` };
    fields.push(field);
  }
  const lines = gpus.map((g, i) =>
    fields
      .map((f) => {
        const v = f.value(g, (options.firstIndex ?? 0) + i, options.util, options.now);
        return options.units && v.unit ? `${v.text}${v.unit}` : v.text;
      })
      .join(', '),
  );
  // The header keeps its units even with `nounits` (only the values lose them).
  const header = fields.map((f) => f.header);
  return { text: [...(options.header ? [header.join(', ')] : []), ...lines].map((l) => `${l}\n`).join('') };
}
