import type { Board } from '../devices/board.js';
import { clocksAtMax, type ClocksAtMax } from '../devices/probes/clocks-at-max.js';
import { parseJetsonClocksShow } from '../devices/probes/jetson-clocks-parse.js';
import { parseNvTegraRelease } from '../devices/probes/l4t-release-parse.js';
import { parseNvpmodelQuery } from '../devices/probes/nvpmodel-parse.js';

type Limits = { timeoutMs: number; signal?: AbortSignal };

// Thermal zones as the kernel lists them (/sys/class/thermal links here); $HIL_SYSROOT is the
// emulated board's fake root and empty on a real one.
const TEMPS = String.raw`for z in "${'$'}{HIL_SYSROOT:-}"/sys/devices/virtual/thermal/thermal_zone*; do [ -r "$z/temp" ] && printf '%s=%s\n' "$(cat "$z/type" 2>/dev/null)" "$(cat "$z/temp")"; done; exit 0`;

async function run(board: Board, script: string, limits: Limits): Promise<string | null> {
  const r = await board.transport.exec(['sh', '-c', script], { stage: 'provenance', ...limits });
  return r.exitCode === 0 ? r.stdout : null;
}

/** Zone temperatures in °C, keyed by zone type. */
export async function readTemperatures(board: Board, limits: Limits): Promise<Record<string, number>> {
  const text = await run(board, TEMPS, limits);
  const out: Record<string, number> = {};
  for (const line of (text ?? '').split('\n')) {
    const [name, milli] = line.split('=');
    if (name && milli && Number.isFinite(Number(milli))) out[name] = Number(milli) / 1000;
  }
  return out;
}

/** `jetson_clocks --show` (needs root on a real board, hence `sudo -n`), parsed and judged. */
export async function readClocks(board: Board, limits: Limits): Promise<{ raw: string | null; atMax: ClocksAtMax | null }> {
  const raw = await run(board, 'sudo -n jetson_clocks --show 2>&1 || jetson_clocks --show 2>&1', limits);
  if (!raw) return { raw: null, atMax: null };
  try {
    const parsed = parseJetsonClocksShow(raw);
    return { raw, atMax: parsed ? clocksAtMax(parsed) : null };
  } catch {
    return { raw, atMax: null };
  }
}

/**
 * Facts recorded with every result from a board: power mode, clocks (and whether they are at
 * maximum), L4T release, kernel, temperatures. A probe that fails is recorded as such, not guessed.
 */
export async function collectBoardProvenance(board: Board, limits: Limits): Promise<Record<string, unknown>> {
  const [nvpmodel, clocks, release, kernel, temperaturesC] = await Promise.all([
    run(board, 'nvpmodel -q 2>&1', limits),
    readClocks(board, limits),
    run(board, 'cat "${HIL_SYSROOT:-}/etc/nv_tegra_release"', limits),
    run(board, 'uname -r', limits),
    readTemperatures(board, limits),
  ]);
  return {
    board: board.name,
    deviceType: board.profile.name,
    emulated: board.emulated,
    nvpmodel: nvpmodel ? safe(() => parseNvpmodelQuery(nvpmodel)) ?? nvpmodel.trim() : 'not available',
    clocksAtMax: clocks.atMax ? { atMax: clocks.atMax.atMax, reasons: clocks.atMax.reasons } : 'not available',
    l4t: release ? safe(() => parseNvTegraRelease(release)) ?? release.trim() : 'not available',
    kernel: kernel?.trim() ?? 'not available',
    temperaturesC,
  };
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
