import type { Board } from '../devices/board.js';
import { clocksAtMax } from '../devices/probes/clocks-at-max.js';
import { parseJetsonClocksShow } from '../devices/probes/jetson-clocks-parse.js';
import { parseNvTegraRelease } from '../devices/probes/l4t-release-parse.js';
import { parseNvpmodelQuery } from '../devices/probes/nvpmodel-parse.js';

/**
 * Facts recorded with every result from a board: power mode, clocks (and whether they are at
 * maximum), L4T release, kernel, temperatures. A probe that fails is recorded as such, not guessed.
 */
export async function collectBoardProvenance(board: Board, options: { timeoutMs: number; signal?: AbortSignal }): Promise<Record<string, unknown>> {
  const run = async (script: string) => {
    const r = await board.transport.exec(['sh', '-c', script], { stage: 'provenance', ...options });
    return r.exitCode === 0 ? r.stdout : null;
  };
  const sysroot = '${HIL_SYSROOT:-}';
  const [nvpmodel, clocks, release, kernel, temps] = await Promise.all([
    run('nvpmodel -q 2>&1'),
    run('jetson_clocks --show 2>&1'),
    run(`cat "${sysroot}/etc/nv_tegra_release"`),
    run('uname -r'),
    run(`for z in "${sysroot}"/sys/class/thermal/thermal_zone*; do [ -r "$z/temp" ] && printf '%s=%s\\n' "$(cat "$z/type" 2>/dev/null)" "$(cat "$z/temp")"; done`),
  ]);
  const parsedClocks = clocks ? safe(() => parseJetsonClocksShow(clocks)) : null;
  return {
    board: board.name,
    deviceType: board.profile.name,
    emulated: board.emulated,
    nvpmodel: nvpmodel ? safe(() => parseNvpmodelQuery(nvpmodel)) ?? nvpmodel.trim() : 'not available',
    clocks: parsedClocks ?? (clocks ? clocks.trim() : 'not available'),
    clocksAtMax: parsedClocks ? safe(() => clocksAtMax(parsedClocks)) : null,
    l4t: release ? safe(() => parseNvTegraRelease(release)) ?? release.trim() : 'not available',
    kernel: kernel?.trim() ?? 'not available',
    temperaturesC: temps ? Object.fromEntries(temps.trim().split('\n').filter(Boolean).map((l) => {
      const [name, milli] = l.split('=');
      return [name, Number(milli) / 1000];
    })) : {},
  };
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
