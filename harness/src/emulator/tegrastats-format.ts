import type { BoardModel } from './board-model.js';

export interface TegrastatsFrame {
  ramUsedMb: number;
  ramTotalMb: number;
  /** Per core load in percent, null for an offline core (one entry per core). */
  coreLoadPct: (number | null)[];
  cpuMHz: number;
  emcMHz: number;
  gpuMHz: number;
  tempsC: Record<string, number>;
  /** Current and running-average power per rail, mW; null = the board prints no rails. */
  rails: { current: Record<string, number>; average: Record<string, number> } | null;
}

/** `11-27-2026 23:10:44`, the stamp JetPack 5+ puts first (board's local time). */
function jp5Stamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(now.getMonth() + 1)}-${p(now.getDate())}-${now.getFullYear()} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}`;
}

/**
 * One tegrastats line in the board's dialect (see `../shared/reference/jetson/tegrastats-samples.txt`):
 * - jp4 (TX2, non-root): `RAM .. CPU [..] EMC_FREQ 0% GR3D_FREQ 0% PLL@42.5C .. VDD_IN 3140/3208 ..`
 * - jp5 (Xavier/Orin on JetPack 5/6): date first, `EMC_FREQ 0%@2133 GR3D_FREQ 0%@[305]`,
 *   engines `off`, temperatures as sysfs gives them, rails `4969mW/4969mW`.
 */
export function formatTegrastatsLine(model: BoardModel, frame: TegrastatsFrame, now = new Date()): string {
  const cpus = frame.coreLoadPct.map((load) => (load === null ? 'off' : `${Math.round(load)}%@${Math.round(frame.cpuMHz)}`));
  const temps = model.sensors.filter((s) => frame.tempsC[s.name] !== undefined).map((s) => `${s.name}@${frame.tempsC[s.name]}C`);
  const unit = model.tegrastats === 'jp5' ? 'mW' : '';
  const rails = frame.rails ? model.rails.map((rail) => `${rail} ${Math.round(frame.rails!.current[rail] ?? 0)}${unit}/${Math.round(frame.rails!.average[rail] ?? 0)}${unit}`) : [];
  const ram = `RAM ${Math.round(frame.ramUsedMb)}/${Math.round(frame.ramTotalMb)}MB (lfb 1164x4MB)`;
  if (model.tegrastats === 'jp4') return [ram, `CPU [${cpus.join(',')}]`, 'EMC_FREQ 0%', 'GR3D_FREQ 0%', ...temps, ...rails].join(' ');
  const swap = `SWAP 0/${Math.round(frame.ramTotalMb / 2)}MB (cached 0MB)`;
  const gpu = model.socFamily === 'tegra234' ? `GR3D_FREQ 0%@[${Math.round(frame.gpuMHz)}]` : `GR3D_FREQ 0%@${Math.round(frame.gpuMHz)}`;
  return [jp5Stamp(now), ram, swap, `CPU [${cpus.join(',')}]`, `EMC_FREQ 0%@${Math.round(frame.emcMHz)}`, gpu, 'NVDEC off', 'VIC off', 'APE 150', ...temps, ...rails].join(' ');
}
