/**
 * Which number is "the board's power". Where the board has an input rail, that rail is the total:
 * VDD_IN on TX2 and the Orin NX/Nano family, POM_5V_IN on Nano. Adding the CPU/GPU rails to it
 * would count them twice (they sit behind it). Boards without an input rail (AGX Xavier, AGX Orin)
 * report the sum of their rails, as jetson-stats does; that sum misses whatever no monitor sees, so
 * a budget checked against it must say so: the source is named in every result.
 * Pure: works on a map of rail name to mW from either tegrastats or INA3221 sysfs.
 */

/** Input rails in order of preference. */
export const INPUT_RAILS = ['VDD_IN', 'POM_5V_IN'] as const;

export type TotalPowerSource = (typeof INPUT_RAILS)[number] | 'sum';

export interface TotalPower {
  source: TotalPowerSource;
  mW: number;
}

/** The board total from rails (mW); null when there are no rails at all (not measured, never 0). */
export function totalPowerFromRails(railsMw: Readonly<Record<string, number>>): TotalPower | null {
  for (const rail of INPUT_RAILS) {
    const mW = railsMw[rail];
    if (mW !== undefined) return { source: rail, mW };
  }
  const values = Object.values(railsMw);
  if (values.length === 0) return null;
  return { source: 'sum', mW: values.reduce((a, b) => a + b, 0) };
}

/** The source a set of rail names would use, without values (for reporting which rail a run uses). */
export function totalPowerSource(railNames: Iterable<string>): TotalPowerSource | null {
  const names = new Set(railNames);
  for (const rail of INPUT_RAILS) if (names.has(rail)) return rail;
  return names.size === 0 ? null : 'sum';
}
