import { InfrastructureError } from '../errors.js';
import type { ExecResult } from './transport.js';

/** An infrastructure failure of one remote command, carrying what it printed so far. */
export class TransportError extends InfrastructureError {
  readonly board: string;
  readonly stage: string;
  readonly result: ExecResult | undefined;
  constructor(code: string, message: string, board: string, stage: string, options: { cause?: unknown; hint?: string; result?: ExecResult } = {}) {
    super(code, message, { where: board, cause: options.cause, hint: options.hint });
    this.board = board;
    this.stage = stage;
    this.result = options.result;
  }
}

/** "deploy on tx2-01 exceeded 60000 ms" (Playwright's timeout wording: what, where, the limit). */
export function timeoutError(board: string, stage: string, limitMs: number, result?: ExecResult): TransportError {
  return new TransportError('HIL_TIMEOUT', `${stage} on ${board} exceeded ${limitMs} ms`, board, stage, {
    result,
    hint: 'the command was stopped on the board; raise the stage timeout if the board is just slow',
  });
}

export function connectionLostError(board: string, stage: string, cause?: unknown, result?: ExecResult): TransportError {
  const why = cause instanceof Error ? `: ${cause.message}` : '';
  return new TransportError('HIL_CONNECTION_LOST', `${stage} on ${board}: connection to the board was lost${why}`, board, stage, { cause, result });
}

/**
 * The work was stopped from outside. A typed reason (a lost lease, a stage deadline) keeps its own
 * code and words, so the check reads "lease lost" rather than a bare "cancelled".
 */
export function abortedError(board: string, stage: string, reason?: unknown): TransportError {
  if (reason instanceof InfrastructureError) {
    return new TransportError(reason.code, `${stage} on ${board} was stopped: ${reason.message}`, board, stage, { cause: reason, hint: reason.hint });
  }
  return new TransportError('HIL_ABORTED', `${stage} on ${board} was cancelled`, board, stage, { cause: reason });
}

/** Last lines of a stream, for error messages that must stay one screen long. */
export function tail(text: string, lines = 5): string {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

/** Throws when a command did not exit 0: for setup steps where any failure is infrastructure. */
export function assertSucceeded(result: ExecResult, stage: string): ExecResult {
  if (result.exitCode === 0) return result;
  const status = result.exitCode === null ? `signal ${result.signal ?? 'unknown'}` : `exit code ${result.exitCode}`;
  const detail = tail(result.stderr || result.stdout);
  return failWith(
    new TransportError('HIL_COMMAND_FAILED', `${stage} on ${result.board} failed with ${status}${detail ? `: ${detail}` : ''}`, result.board, stage, { result }),
  );
}

function failWith(error: Error): never {
  throw error;
}
