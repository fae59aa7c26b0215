import { InfrastructureError } from '../errors.js';

/**
 * The latch for broken boards (labgrid's `never_retry`): once a board fails its health check,
 * every later job aimed at it in this run fails at once with the first cause, and the other
 * boards carry on.
 */
export class Quarantine {
  readonly #causes = new Map<string, Error>();

  /** Latches the first cause; later ones are ignored. */
  add(board: string, cause: Error): void {
    if (!this.#causes.has(board)) this.#causes.set(board, cause);
  }

  has(board: string): boolean {
    return this.#causes.has(board);
  }

  cause(board: string): Error | undefined {
    return this.#causes.get(board);
  }

  /** Throws when the board is quarantined. */
  check(board: string): void {
    const cause = this.#causes.get(board);
    if (cause) {
      throw new InfrastructureError('HIL_BOARD_QUARANTINED', `${board} is quarantined for the rest of this run: ${cause.message}`, { cause, where: board });
    }
  }

  boards(): string[] {
    return [...this.#causes.keys()];
  }
}

/** The run's latch (one per process: each Playwright worker holds its own boards). */
export const runQuarantine = new Quarantine();
