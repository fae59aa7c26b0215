import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseStampedTegrastats, stampedTegrastatsCommand } from '../devices/power/tegrastats-stamped.js';
import { parseStampedIna3221, stampedIna3221Command } from '../devices/power/ina3221-stamped.js';
import { parseStampedNvidiaSmi, stampedNvidiaSmiCommand } from '../devices/power/nvidia-smi-stamped.js';
import type { Board } from '../devices/board.js';
import { powerStats, type TimedPower } from '../metrics/power-stats.js';
import { killByPidfileScript, wrapWithPidfile } from '../transport/remote-command.js';
import type { PowerStats } from '../results/check-result.js';
import type { PowerTrace } from './device-session.js';

export interface BoardPowerResult {
  power: PowerStats | null;
  trace?: PowerTrace;
  /** Why power is missing, for the report ("not measured: ..."). */
  note?: string;
}

/**
 * tegrastats sampled on the board while a measurement runs, every line stamped with the board's
 * own epoch ms so it shares a clock with the agent's window: no SSH latency in the figures.
 * Started in the background under a pidfile and stopped by PID (closing a channel would not stop it).
 */
export class BoardPowerSampler {
  readonly #board: Board;
  readonly #dir: string;
  readonly #pidFile: string;
  readonly #logFile: string;

  private constructor(board: Board) {
    this.#board = board;
    this.#dir = path.posix.join(board.transport.workdir, 'power', randomUUID());
    this.#pidFile = path.posix.join(this.#dir, 'power.pid');
    this.#logFile = path.posix.join(this.#dir, 'power.log');
  }

  /** Starts sampling, or returns null when the profile has no tegrastats power source. */
  static async start(board: Board, options: { timeoutMs: number; signal?: AbortSignal; maxRunMs?: number }): Promise<BoardPowerSampler | null> {
    const source = board.profile.power.source;
    if (source !== 'tegrastats' && source !== 'ina3221' && source !== 'nvidia-smi') return null;
    const sampler = new BoardPowerSampler(board);
    const { intervalMs, gpu } = board.profile.power;
    const loop = source === 'tegrastats' ? stampedTegrastatsCommand(intervalMs) : source === 'ina3221' ? stampedIna3221Command(intervalMs) : stampedNvidiaSmiCommand(intervalMs, gpu);
    // Bounded: if hil dies or the link drops before stop(), the sampler must not run on the board
    // forever. `timeout` ends it (and the whole group) after the longest a measurement may take.
    const maxS = Math.ceil((options.maxRunMs ?? 30 * 60_000) / 1000) + 60;
    const inner = wrapWithPidfile(['timeout', String(maxS), 'sh', '-c', loop], { pidFile: sampler.#pidFile });
    const script = `mkdir -p "$1" && (setsid sh -c "$2" > "$3" 2>&1 < /dev/null &) && sleep 0.3`;
    await board.transport.exec(['sh', '-c', script, 'sh', sampler.#dir, inner, sampler.#logFile], { stage: 'power', ...options });
    return sampler;
  }

  /** Stops sampling and returns the power strictly inside the window (board epoch ms). */
  async stop(window: { startEpochMs: number; endEpochMs: number }, inferences: number, options: { timeoutMs: number; signal?: AbortSignal }): Promise<BoardPowerResult> {
    const transport = this.#board.transport;
    await transport.exec(['sh', '-c', killByPidfileScript(this.#pidFile)], { stage: 'power', ...options });
    const log = await transport.exec(['sh', '-c', 'cat "$1"; rm -rf "$2"', 'sh', this.#logFile, this.#dir], { stage: 'power', ...options });
    const tool = this.#board.profile.power.source;
    const { rail, gpu } = this.#board.profile.power;
    if (tool === 'nvidia-smi') {
      const smi = parseStampedNvidiaSmi(log.stdout, gpu);
      if (!smi.source) return { power: null, note: `not measured: nvidia-smi gave no power.draw for GPU ${gpu}${smi.answered !== undefined ? ` (it answered ${smi.answered || 'nothing'})` : ''}` };
      return this.#stats(smi.source, smi.samples, window, inferences, tool);
    }
    const parsed = tool === 'ina3221' ? parseStampedIna3221(log.stdout, rail) : parseStampedTegrastats(log.stdout);
    if (!parsed.source) return { power: null, note: `not measured: ${tool} gave no power rails` };
    return this.#stats(parsed.source, parsed.samples, window, inferences, tool);
  }

  #stats(source: string, samples: TimedPower[], window: { startEpochMs: number; endEpochMs: number }, inferences: number, tool: string): BoardPowerResult {
    const win = { startMs: window.startEpochMs, endMs: window.endEpochMs };
    const power = powerStats(samples, win, { source, inferences });
    if (!power) return { power: null, note: `not measured: no ${tool} sample inside the measurement window` };
    return { power, trace: { samples, window: win } };
  }
}
