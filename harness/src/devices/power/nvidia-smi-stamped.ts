/**
 * A discrete GPU's own power, `nvidia-smi --query-gpu=power.draw`, sampled on the board and every
 * reading stamped with the board's epoch ms on arrival (so it shares a clock with the runner's
 * window, like stamped tegrastats). It is the GPU board's draw only, never the whole board's: the
 * source says so. Many embedded drivers answer `[N/A]`; that is "not measured", never 0 W. Pure.
 */
import type { TimedPower } from '../../metrics/power-stats.js';

/** Prints `EPOCH_MS WATTS` lines (WATTS as nvidia-smi gives it, `[N/A]` included) until killed. */
export function stampedNvidiaSmiCommand(intervalMs: number, gpuIndex: number): string {
  const ms = Math.max(10, Math.round(intervalMs));
  return `nvidia-smi --query-gpu=power.draw --format=csv,noheader,nounits -i ${gpuIndex} -lms ${ms} | while IFS= read -r w; do printf '%s %s\\n' "$(date +%s%3N)" "$w"; done`;
}

export interface StampedNvidiaSmi {
  /** `nvidia-smi power.draw GPU 0 (...)`, or null when no reading was a number. */
  source: string | null;
  samples: TimedPower[];
  /** What nvidia-smi answered instead of watts (`[N/A]`), for the "not measured" note. */
  answered?: string;
}

export function parseStampedNvidiaSmi(text: string, gpuIndex: number): StampedNvidiaSmi {
  const samples: TimedPower[] = [];
  let answered: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^(\d{10,})\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const value = m[2]!.trim();
    const watts = /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : NaN;
    if (Number.isFinite(watts)) samples.push({ tMs: Number(m[1]), watts });
    else answered ??= value;
  }
  if (samples.length === 0) return { source: null, samples, ...(answered !== undefined ? { answered } : {}) };
  return { source: `nvidia-smi power.draw GPU ${gpuIndex} (the discrete GPU's board only, not the whole board)`, samples };
}
