import { TX2_CPU_MIN_KHZ, TX2_EMC_MAX_HZ, TX2_GPU_MIN_HZ, tx2CpuKHz, tx2Mode, type EmulatedBoardState } from './tx2-model.js';

/** `nvpmodel -q` as a TX2 prints it. */
export function nvpmodelQuery(state: EmulatedBoardState): string {
  const mode = tx2Mode(state.nvpmodel);
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

/** `jetson_clocks --show` as a TX2 (tegra186, "quill") prints it; see clocks-samples.txt. */
export function jetsonClocksShow(state: EmulatedBoardState, util: number): string {
  const mode = tx2Mode(state.nvpmodel);
  const pinned = state.clocksMax;
  const cur = tx2CpuKHz(util, state);
  const lines = ['SOC family:tegra186  Machine:quill', `Online CPUs: ${ranges(mode.online)}`, 'CPU Cluster Switching: Disabled'];
  for (let cpu = 0; cpu < 6; cpu += 1) {
    const online = mode.online.includes(cpu);
    const idle = cpu === 1 || cpu === 2 ? 'C1=1 c6=1 c7=1' : 'C1=1 c7=1';
    const min = pinned ? mode.cpuMaxKHz : TX2_CPU_MIN_KHZ;
    lines.push(`cpu${cpu}: Online=${online ? 1 : 0} Governor=schedutil MinFreq=${min} MaxFreq=${mode.cpuMaxKHz} CurrentFreq=${online ? cur : 1113600} IdleStates: ${idle}`);
  }
  const gpuCur = pinned ? (state.throttled ? Math.round(mode.gpuMaxHz * 0.6) : mode.gpuMaxHz) : TX2_GPU_MIN_HZ;
  lines.push(`GPU MinFreq=${pinned ? mode.gpuMaxHz : TX2_GPU_MIN_HZ} MaxFreq=${mode.gpuMaxHz} CurrentFreq=${gpuCur}`);
  lines.push(`EMC MinFreq=40800000 MaxFreq=${TX2_EMC_MAX_HZ} CurrentFreq=${TX2_EMC_MAX_HZ} FreqOverride=${pinned ? 1 : 0}`);
  lines.push(`Fan: speed=${pinned ? 255 : 0}`);
  lines.push(`NV Power Mode: ${mode.name}`);
  return `${lines.join('\n')}\n`;
}

/** First line of /etc/nv_tegra_release on a TX2 with JetPack 4.6.1 (L4T R32.7.1). */
export const TX2_NV_TEGRA_RELEASE = '# R32 (release), REVISION: 7.1, GCID: 29818004, BOARD: t186ref, EABI: aarch64, DATE: Sat Feb 19 17:05:08 UTC 2022\n';
