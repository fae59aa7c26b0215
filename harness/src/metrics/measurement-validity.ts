
export interface ThermalLimits {
  limitC: number;
  zones?: string[];
}

/**
 * Whether a measurement can be trusted: a zone over the profile's limit, clocks below maximum
 * after perf mode was set (the board throttled), or other processes competing for the CPU mean
 * the figures describe the board's heat or load, not the model. Such a measurement is invalid
 * (never a regression). Pure.
 */
export function measurementValidity(input: {
  temperaturesC: Record<string, number>;
  thermal?: ThermalLimits;
  /** Whether the board's clocks were at maximum after the run, with why not (the clocks probe). */
  clocks: { atMax: boolean | null; reasons: readonly string[] } | null;
  perfModeSet: boolean;
  /** Cores other processes kept busy during the window, and how many may be before the host counts as contended. */
  contention?: { otherCores: number | null; maxOtherCores: number };
}): { valid: true } | { valid: false; reason: string } {
  const reasons: string[] = [];
  const contention = input.contention;
  if (contention && contention.otherCores !== null && contention.otherCores > contention.maxOtherCores) {
    reasons.push(`host busy: other processes kept ${contention.otherCores.toFixed(2)} cores busy during the timed queries (limit ${contention.maxOtherCores})`);
  }
  if (input.thermal) {
    const watched = Object.entries(input.temperaturesC).filter(([zone]) => !input.thermal!.zones || input.thermal!.zones.some((name) => sameZone(zone, name)));
    const hot = watched.filter(([, c]) => c > input.thermal!.limitC);
    if (hot.length > 0) {
      reasons.push(`thermal: ${hot.map(([z, c]) => `${z} ${c.toFixed(1)} °C`).join(', ')} over the ${input.thermal.limitC} °C limit`);
    }
  }
  if (input.perfModeSet && input.clocks && input.clocks.atMax === false) {
    reasons.push(`clocks below maximum after perf mode was set (${input.clocks.reasons.join('; ')})`);
  }
  return reasons.length === 0 ? { valid: true } : { valid: false, reason: `invalid measurement: ${reasons.join('; ')}` };
}

/** tegrastats says `GPU`, the kernel's thermal zone says `GPU-therm` (TX2) or `Tboard_tegra`. */
function sameZone(zone: string, name: string): boolean {
  return zone === name || zone.startsWith(`${name}-`) || zone.startsWith(`${name}_`);
}
