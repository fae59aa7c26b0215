import { cpuKHz, gpuCurHz, modeOf, type BoardModel } from './board-model.js';
import type { EmulatedBoardState } from './board-state.js';

/** `nvpmodel -q` as the board prints it. */
export function nvpmodelQuery(model: BoardModel, state: EmulatedBoardState): string {
  const mode = modeOf(model, state.nvpmodel);
  return `NV Power Mode: ${mode.name}\n${mode.id}\n`;
}

function ranges(list: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < list.length; i += 1) {
    let j = i;
    while (j + 1 < list.length && list[j + 1] === list[j]! + 1) j += 1;
    out.push(j > i ? `${list[i]}-${list[j]}` : `${list[i]}`);
    i = j;
  }
  return out.join(',');
}

/** `jetson_clocks --show` as the board prints it; see clocks-samples.txt. */
export function jetsonClocksShow(model: BoardModel, state: EmulatedBoardState, util: number): string {
  const mode = modeOf(model, state.nvpmodel);
  const pinned = state.clocksMax;
  const cur = cpuKHz(model, util, state);
  const lines = [`SOC family:${model.socFamily}  Machine:${model.machine}`, `Online CPUs: ${ranges(mode.online)}`];
  if (model.socFamily === 'tegra186') lines.push('CPU Cluster Switching: Disabled');
  for (let cpu = 0; cpu < model.cpuCount; cpu += 1) {
    const online = mode.online.includes(cpu);
    // TX2's Denver cores (1-2) have an extra idle state.
    const idle = model.socFamily === 'tegra186' ? (cpu === 1 || cpu === 2 ? 'C1=1 c6=1 c7=1' : 'C1=1 c7=1') : 'C1=1 c6=1 c7=1';
    const min = pinned ? mode.cpuMaxKHz : model.cpuMinKHz;
    lines.push(`cpu${cpu}: Online=${online ? 1 : 0} Governor=schedutil MinFreq=${min} MaxFreq=${mode.cpuMaxKHz} CurrentFreq=${online ? cur : model.cpuMinKHz} IdleStates: ${idle}`);
  }
  lines.push(`GPU MinFreq=${pinned ? mode.gpuMaxHz : model.gpuMinHz} MaxFreq=${mode.gpuMaxHz} CurrentFreq=${gpuCurHz(model, state)}`);
  lines.push(`EMC MinFreq=${model.emcMinHz} MaxFreq=${model.emcMaxHz} CurrentFreq=${model.emcMaxHz} FreqOverride=${pinned ? 1 : 0}`);
  lines.push(model.socFamily === 'tegra186' ? `Fan: speed=${pinned ? 255 : 0}` : `FAN Dynamic Speed control=${pinned ? 'inactive' : 'active'} hwmon2 :pwm1=${pinned ? 255 : 0}`);
  lines.push(`NV Power Mode: ${mode.name}`);
  return `${lines.join('\n')}\n`;
}
