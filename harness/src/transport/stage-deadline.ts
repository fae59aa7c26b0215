import { timedAbort } from './timed-abort.js';
import { timeoutError } from './transport-errors.js';

/**
 * Runs `work` with a signal that aborts when `signal` does or when `limitMs` has passed, whichever
 * is first; the timeout's reason names board, stage and limit ("single-stream on local exceeded
 * 600000 ms"). For work stopped by a signal (a local runner) rather than by a transport's timer.
 * The timer and the listener go away with the work, so a long-lived signal collects nothing.
 */
export async function withStageDeadline<T>(board: string, stage: string, limitMs: number, signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = timedAbort(limitMs, () => timeoutError(board, stage, limitMs), signal);
  try {
    return await work(deadline.signal);
  } finally {
    deadline.dispose();
  }
}
