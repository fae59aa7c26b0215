/**
 * The `meter` power source: the board's external meter (farm inventory `meter:`), read by hil on
 * the host while the board measures. Samples carry the host's clock; the run's window is on the
 * board's clock, so the offset between them is measured first (one `date` on the board between two
 * host readings: its error is at most half that round trip, stated in the source). A board whose
 * profile promises a meter but whose inventory entry has none gets "not measured" naming the field;
 * a meter that fails mid-run (timeout, dropped, a reply that is not watts) makes the measurement
 * broken, naming it: never a 0 W figure.
 */
import type { Board } from '../devices/board.js';
import { ScpiMeterSampler } from '../devices/power/scpi-meter.js';
import { CommandMeterSampler } from '../devices/power/command-meter.js';
import { powerStats } from '../metrics/power-stats.js';
import type { BoardPowerResult } from './board-power.js';

export interface BoardMeterRun {
  stop(window: { startEpochMs: number; endEpochMs: number }, inferences: number): Promise<BoardPowerResult>;
  abort(): void;
}

async function boardClockOffsetMs(board: Board, limits: { timeoutMs: number; signal?: AbortSignal }): Promise<{ offsetMs: number; uncertaintyMs: number }> {
  const before = Date.now();
  const r = await board.transport.exec(['date', '+%s%3N'], { stage: 'power', ...limits });
  const after = Date.now();
  const boardMs = Number(r.stdout.trim());
  return { offsetMs: boardMs - (before + after) / 2, uncertaintyMs: Math.ceil((after - before) / 2) };
}

/** Starts the meter, or says why there is none; null when the profile's power source is not `meter`. */
export async function startBoardMeter(board: Board, limits: { timeoutMs: number; signal?: AbortSignal }): Promise<BoardMeterRun | { note: string } | null> {
  if (board.profile.power.source !== 'meter') return null;
  const meter = board.spec.kind === 'ssh' ? board.spec.meter : undefined;
  if (!meter) {
    return { note: `not measured: ${board.profile.name}'s power source is an external meter, and the farm inventory gives ${board.name} none (its meter: entry)` };
  }
  const clock = await boardClockOffsetMs(board, limits);
  const sampler = 'scpi' in meter ? new ScpiMeterSampler(meter.scpi) : new CommandMeterSampler(meter);
  const where = 'scpi' in meter ? ` at ${meter.scpi.host}:${meter.scpi.port}` : '';
  await sampler.start();
  return {
    abort: () => void sampler.stop().catch(() => undefined),
    async stop(window, inferences) {
      const samples = (await sampler.stop()).map((s) => ({ tMs: s.tMs + clock.offsetMs, watts: s.watts }));
      const source = `meter ${sampler.identity}${where} (whole board; clock offset ±${clock.uncertaintyMs} ms)`;
      const power = powerStats(samples, { startMs: window.startEpochMs, endMs: window.endEpochMs }, { source, inferences });
      return power ? { power } : { power: null, note: `not measured: ${source} gave no reading inside the ${window.endEpochMs - window.startEpochMs} ms window` };
    },
  };
}
