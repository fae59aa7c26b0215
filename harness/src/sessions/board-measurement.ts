import type { Board } from '../devices/board.js';
import { BoardPowerSampler, type BoardPowerResult } from './board-power.js';
import { startBoardMeter } from './board-meter.js';
import { readClocks, readTemperatures } from './board-provenance.js';
import type { PerfModeOutcome } from './prepare-board.js';
import { measurementValidity } from '../metrics/measurement-validity.js';

export interface BoardMeasurement<T> {
  result: T;
  power: BoardPowerResult;
  temperaturesC: { before: Record<string, number>; after: Record<string, number> };
  /** Why the figures cannot be trusted (throttling, clocks below maximum), if they cannot. */
  invalid?: string;
}

/**
 * One timed run on a board, whatever runner does it: temperatures before, tegrastats sampling
 * around it, power strictly inside the window the runner read from the board's clock, then
 * temperatures and clocks after to judge whether the run is valid.
 */
export async function measureOnBoard<T extends { window: { startEpochMs: number; endEpochMs: number } }>(
  board: Board,
  perfMode: PerfModeOutcome,
  limits: { timeoutMs: number; signal?: AbortSignal; maxRunMs?: number },
  measure: () => Promise<T>,
  inferences: (result: T) => number,
): Promise<BoardMeasurement<T>> {
  const before = await readTemperatures(board, limits);
  const sampler = await BoardPowerSampler.start(board, limits);
  const meter = sampler ? null : await startBoardMeter(board, limits);
  let result: T;
  try {
    result = await measure();
  } catch (error) {
    await sampler?.stop({ startEpochMs: 0, endEpochMs: 0 }, 0, limits).catch(() => undefined);
    if (meter && 'abort' in meter) meter.abort();
    throw error;
  }
  const power = sampler
    ? await sampler.stop(result.window, inferences(result), limits)
    : meter && 'stop' in meter
      ? await meter.stop(result.window, inferences(result))
      : { power: null, note: meter?.note ?? `not measured: ${board.profile.name} has no power source on the board (profile power.source: ${board.profile.power.source})` };
  const [after, clocks] = await Promise.all([readTemperatures(board, limits), readClocks(board, limits)]);
  const hottest: Record<string, number> = { ...before };
  for (const [zone, c] of Object.entries(after)) hottest[zone] = Math.max(c, hottest[zone] ?? -Infinity);
  const validity = measurementValidity({ temperaturesC: hottest, thermal: board.profile.thermal, clocks: clocks.atMax, perfModeSet: perfMode.status === 'set' });
  return { result, power, temperaturesC: { before, after }, ...(validity.valid ? {} : { invalid: validity.reason }) };
}
