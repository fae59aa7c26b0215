import type { Board } from '../devices/board.js';
import { shellJoin } from '../transport/shell-quote.js';

export interface PerfModeOutcome {
  /** `set` when every command succeeded, `not-allowed` without passwordless sudo, `failed` otherwise. */
  status: 'set' | 'not-configured' | 'not-allowed' | 'failed';
  commands: { argv: string[]; exitCode: number | null; output: string }[];
}

/**
 * Puts the board in the profile's performance mode (e.g. `nvpmodel -m 0` + `jetson_clocks` on a
 * TX2) before measuring. Uses non-interactive sudo only: a board that would ask for a password
 * keeps its mode, and the run records (and reports) that its clocks may not be at maximum.
 */
export async function setPerfMode(board: Board, limits: { timeoutMs: number; signal?: AbortSignal }): Promise<PerfModeOutcome> {
  const perfMode = board.profile.perfMode;
  if (!perfMode) return { status: 'not-configured', commands: [] };
  const commands: PerfModeOutcome['commands'] = [];
  for (const argv of perfMode.commands) {
    const full = perfMode.sudo ? ['sudo', '-n', ...argv] : argv;
    const result = await board.transport.exec(['sh', '-c', `${shellJoin(full)} 2>&1`], { stage: 'prepare', ...limits });
    commands.push({ argv: full, exitCode: result.exitCode, output: result.stdout.trim().slice(-500) });
    if (result.exitCode !== 0) {
      const denied = /password is required|not in the sudoers|a terminal is required/i.test(result.stdout);
      return { status: denied ? 'not-allowed' : 'failed', commands };
    }
  }
  return { status: 'set', commands };
}
