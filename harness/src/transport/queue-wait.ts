import type PQueue from 'p-queue';
import { timedAbort } from './timed-abort.js';

export interface QueueWaitOptions {
  /** How long the task may wait for its turn; the task's own run has its own limit. */
  waitMs: number;
  signal?: AbortSignal;
  /** The error for a wait that ran out (names board, stage and limit). */
  onWaitTimeout: () => Error;
}

/**
 * Adds `task` to `queue`, bounding only the wait for its turn: once it starts, neither the wait
 * limit nor the signal (the task gets that itself) rejects it from outside, so its own result or
 * error always comes back and nothing it started is orphaned.
 */
export function addWithWaitLimit<T>(queue: PQueue, task: () => Promise<T>, options: QueueWaitOptions): Promise<T> {
  const waiting = timedAbort(options.waitMs, options.onWaitTimeout, options.signal);
  return (queue.add(
    () => {
      waiting.dispose();
      return task();
    },
    { signal: waiting.signal },
  ) as Promise<T>).finally(waiting.dispose);
}
