import { timeoutError } from './transport-errors.js';

/**
 * Runs `work` with a signal that aborts when `signal` does or when `limitMs` has passed, whichever
 * is first; the timeout's reason names board, stage and limit ("single-stream on local exceeded
 * 600000 ms"). For work stopped by a signal (a local runner) rather than by a transport's timer.
 * The timer and the listener go away with the work, so a long-lived signal collects nothing.
 */
export async function withStageDeadline<T>(board: string, stage: string, limitMs: number, signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(timeoutError(board, stage, limitMs)), limitMs);
  const onAbort = (): void => controller.abort(signal!.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
