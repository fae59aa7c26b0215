import { InfrastructureError, isHilError } from '../errors.js';

/** Infrastructure failures worth another try in a setup stage; anything else fails at once. */
const RETRYABLE = new Set(['HIL_CONNECT_FAILED', 'HIL_CONNECTION_LOST', 'HIL_TIMEOUT', 'HIL_TRANSFER_FAILED', 'HIL_UPLOAD_CORRUPT', 'HIL_CHANNEL_FAILED', 'HIL_COMMAND_FAILED']);

export function isRetryable(error: unknown): boolean {
  return isHilError(error) && error instanceof InfrastructureError && RETRYABLE.has(error.code);
}

export interface RetryOptions {
  /** Total tries, first included. @default 3 */
  attempts?: number;
  /** Wait before try n is delayMs × n. @default 500 */
  delayMs?: number;
  signal?: AbortSignal;
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Retries a setup stage (connect, deploy) a bounded number of times. Never wrap a measurement in
 * this: a retried measurement hides the very flakiness a regression harness must report.
 * Host-key refusals, config errors and aborts are not retried.
 */
export async function retrySetup<T>(stage: string, run: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return await run(attempt);
    } catch (error) {
      last = error;
      if (!isRetryable(error) || attempt === attempts || options.signal?.aborted) break;
      options.onRetry?.(error, attempt);
      await new Promise((r) => setTimeout(r, (options.delayMs ?? 500) * attempt));
    }
  }
  if (isHilError(last) && attempts > 1 && isRetryable(last)) {
    throw new InfrastructureError(last.code, `${last.message} (${stage}: gave up after ${attempts} tries)`, { cause: last, where: last.where, hint: last.hint });
  }
  throw last;
}
