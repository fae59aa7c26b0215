/**
 * INA3221 power monitors sampled on the board from sysfs, every reading stamped with the board's
 * epoch ms (so power shares a clock with the runner's window, like stamped tegrastats). For boards
 * where tegrastats is missing or unwanted: a plain shell loop, no extra tool. Layouts as in
 * `ina3221-sysfs.ts` (iio on JetPack <= 4, hwmon on JetPack 5+); `$HIL_SYSROOT` prefixes the paths
 * on an emulated board and is empty on a real one. Pure: text in, timed watts out.
 */
import type { TimedPower } from '../../metrics/power-stats.js';
import { totalPowerFromRails, totalPowerSource, type TotalPowerSource } from './total-power.js';

/** Prints `EPOCH_MS RAIL mW` lines, one per rail per tick, until killed. */
export function stampedIna3221Command(intervalMs = 100): string {
  const sleepS = (Math.max(10, Math.round(intervalMs)) / 1000).toFixed(3);
  return String.raw`r="${'$'}{HIL_SYSROOT:-}"
while :; do
  t=$(date +%s%3N)
  for d in "$r"/sys/bus/i2c/drivers/ina3221x/*/iio:device*; do
    for k in 0 1 2; do
      [ -r "$d/in_power${'$'}{k}_input" ] && printf '%s %s %s\n' "$t" "$(cat "$d/rail_name_$k" 2>/dev/null || echo "$d:$k")" "$(cat "$d/in_power${'$'}{k}_input")"
    done
  done
  for h in "$r"/sys/bus/i2c/devices/*/hwmon/hwmon*; do
    for k in 1 2 3; do
      if [ -r "$h/in${'$'}{k}_input" ] && [ -r "$h/curr${'$'}{k}_input" ]; then
        printf '%s %s %s\n' "$t" "$(cat "$h/in${'$'}{k}_label" 2>/dev/null || echo "$h:$k")" "$(( $(cat "$h/in${'$'}{k}_input") * $(cat "$h/curr${'$'}{k}_input") / 1000 ))"
      fi
    done
  done
  sleep ${sleepS}
done`;
}

export interface StampedIna3221 {
  /** The profile's rail when named and present, else the input rail, else `sum`; null without rails. */
  source: TotalPowerSource | string | null;
  samples: TimedPower[];
}

/** Board-total watts per tick; `rail` is the profile's total rail when it names one. */
export function parseStampedIna3221(text: string, rail?: string): StampedIna3221 {
  const ticks = new Map<number, Record<string, number>>();
  for (const line of text.split('\n')) {
    const m = /^(\d{10,})\s+(\S+)\s+(-?\d+(?:\.\d+)?)\s*$/.exec(line.trim());
    if (!m) continue;
    const rails = ticks.get(Number(m[1])) ?? {};
    rails[m[2]!] = Number(m[3]);
    ticks.set(Number(m[1]), rails);
  }
  const names = new Set([...ticks.values()].flatMap((r) => Object.keys(r)));
  const source = rail && names.has(rail) ? rail : totalPowerSource(names);
  if (!source) return { source: null, samples: [] };
  const samples: TimedPower[] = [];
  for (const [tMs, rails] of [...ticks.entries()].sort((a, b) => a[0] - b[0])) {
    const mW = source === 'sum' ? totalPowerFromRails(rails)?.mW : rails[source];
    if (mW !== undefined) samples.push({ tMs, watts: mW / 1000 });
  }
  return { source, samples };
}
