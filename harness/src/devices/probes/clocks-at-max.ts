/**
 * "Are the clocks at maximum?", the question behind every Jetson timing: with DVFS on, a run may
 * measure the governor instead of the model. After `jetson_clocks` every online CPU core, the GPU
 * and the EMC run at their (power-mode) maximum; anything lower is reported with the run.
 * Offline cores are not judged: nvpmodel modes switch cores off on purpose. Pure.
 */
import type { JetsonClocks } from './jetson-clocks-parse.js';

export interface ClockCheck {
  unit: string;
  curHz: number;
  maxHz: number;
  atMax: boolean;
}

export interface ClocksAtMax {
  /** null when the output named no CPU, GPU or EMC clock to judge. */
  atMax: boolean | null;
  checked: ClockCheck[];
  /** One line per unit below its maximum, e.g. `GPU at 114.75 MHz of 1134.75 MHz`. */
  reasons: string[];
}

const mhz = (hz: number): string => `${Number((hz / 1e6).toFixed(3))} MHz`;

export function clocksAtMax(clocks: JetsonClocks): ClocksAtMax {
  const checked: ClockCheck[] = [];
  const add = (unit: string, curHz: number, maxHz: number): void => {
    checked.push({ unit, curHz, maxHz, atMax: curHz >= maxHz });
  };
  for (const cpu of clocks.cpus) {
    if (cpu.online === false) continue;
    add(`cpu${cpu.id}`, cpu.curHz, cpu.maxHz);
  }
  if (clocks.gpu) add('GPU', clocks.gpu.curHz, clocks.gpu.maxHz);
  if (clocks.emc) add('EMC', clocks.emc.curHz, clocks.emc.maxHz);
  const reasons = checked.filter((c) => !c.atMax).map((c) => `${c.unit} at ${mhz(c.curHz)} of ${mhz(c.maxHz)}`);
  return { atMax: checked.length === 0 ? null : reasons.length === 0, checked, reasons };
}
