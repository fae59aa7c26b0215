import { roundTemp, TX2_RAILS, type Tx2Rail } from './tx2-model.js';

export interface Tx2TegrastatsFrame {
  ramUsedMb: number;
  ramTotalMb: number;
  /** Per core load in percent, null for an offline core (6 entries). */
  coreLoadPct: (number | null)[];
  cpuMHz: number;
  tempsC: Record<string, number>;
  /** Current and running-average power per rail, mW; null = the board prints no rails. */
  rails: { current: Record<Tx2Rail, number>; average: Record<Tx2Rail, number> } | null;
}

/**
 * One line as a TX2 on JetPack 4 prints it for a non-root user (see
 * `../shared/reference/jetson/tegrastats-samples.txt`): rails `current/average` in bare mW.
 */
export function formatTx2TegrastatsLine(frame: Tx2TegrastatsFrame): string {
  const cpus = frame.coreLoadPct.map((load) => (load === null ? 'off' : `${Math.round(load)}%@${Math.round(frame.cpuMHz)}`));
  const temps = ['PLL', 'MCPU', 'PMIC', 'Tboard', 'GPU', 'BCPU', 'thermal', 'Tdiode']
    .filter((name) => frame.tempsC[name] !== undefined)
    .map((name) => `${name}@${roundTemp(name, frame.tempsC[name]!)}C`);
  const parts = [
    `RAM ${Math.round(frame.ramUsedMb)}/${Math.round(frame.ramTotalMb)}MB (lfb 1164x4MB)`,
    `CPU [${cpus.join(',')}]`,
    'EMC_FREQ 0%',
    'GR3D_FREQ 0%',
    ...temps,
  ];
  if (frame.rails) {
    for (const rail of TX2_RAILS) parts.push(`${rail} ${Math.round(frame.rails.current[rail])}/${Math.round(frame.rails.average[rail])}`);
  }
  return parts.join(' ');
}
