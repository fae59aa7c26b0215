import { abortedError, timeoutError } from './transport-errors.js';

export interface DeadlineOptions {
  board: string;
  stage: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Stops the work itself (close a socket, end a session): the race alone would leave it running. */
  onExpire?: () => void;
}

/** Settles with `work`, or rejects with a timeout/abort error naming board, stage and limit. */
export function withDeadline<T>(work: Promise<T>, options: DeadlineOptions): Promise<T> {
  const { board, stage, timeoutMs, signal } = options;
  if (signal?.aborted) {
    options.onExpire?.();
    work.catch(() => {});
    return Promise.reject(abortedError(board, stage, signal.reason));
  }
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const expire = (error: Error): void => {
      if (settled) return;
      settled = true;
      cleanup();
      options.onExpire?.();
      work.catch(() => {}); // the work fails once stopped; nobody waits for it any more
      reject(error);
    };
    const timer = setTimeout(() => expire(timeoutError(board, stage, timeoutMs)), timeoutMs);
    const onAbort = (): void => expire(abortedError(board, stage, signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    work.then(
      (value) => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        cleanup();
        reject(error);
      },
    );
  });
}
