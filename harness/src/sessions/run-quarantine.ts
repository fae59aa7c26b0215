import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InfrastructureError, isHilError } from '../errors.js';
import { safeFileName } from '../files/safe-name.js';

interface QuarantineRecord {
  board: string;
  code: string;
  message: string;
  at: string;
}

/**
 * The run's quarantine, kept in the run folder (`quarantine/<board>.json`). Playwright workers
 * are processes and a worker is thrown away after any failed check, so an in-memory latch would
 * forget the board with the worker: this one holds for the rest of the run, with the first cause.
 */
export class RunQuarantine {
  readonly #dir: string;

  constructor(runDir: string) {
    this.#dir = path.join(runDir, 'quarantine');
  }

  #file(board: string): string {
    return path.join(this.#dir, `${safeFileName(board)}.json`);
  }

  /** Latches the first cause (an exclusive create: two workers may fail the same board at once). */
  add(board: string, cause: Error): void {
    mkdirSync(this.#dir, { recursive: true });
    const record: QuarantineRecord = { board, code: isHilError(cause) ? cause.code : 'HIL_HEALTH_CHECK_FAILED', message: cause.message, at: new Date().toISOString() };
    try {
      writeFileSync(this.#file(board), JSON.stringify(record, null, 2), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }

  cause(board: string): QuarantineRecord | null {
    try {
      const record = JSON.parse(readFileSync(this.#file(board), 'utf8')) as QuarantineRecord;
      return record.board === board ? record : null;
    } catch {
      return null;
    }
  }

  has(board: string): boolean {
    return this.cause(board) !== null;
  }

  /** The error a job aimed at a quarantined board fails with at once. */
  error(board: string): InfrastructureError {
    const cause = this.cause(board);
    return new InfrastructureError('HIL_BOARD_QUARANTINED', `${board} is quarantined for the rest of this run: ${cause?.message ?? 'its health check failed'}`, { where: board });
  }
}
