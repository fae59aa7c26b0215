import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../files/atomic-write.js';
import { safeFileName } from '../files/safe-name.js';
import path from 'node:path';
import { InfrastructureError, isHilError } from '../errors.js';

interface StoredFailure {
  failed: true;
  code: string;
  message: string;
}

/**
 * Measurements memoised on disk under the run folder. Several checks read one measurement, and
 * Playwright throws a worker away after any failed check: keeping the measurement on disk means
 * the next worker reuses it instead of measuring again, and whatever finished before a crash
 * stays readable. A failed measurement is stored too, so every later check of that model fails
 * fast with the first cause (labgrid's never-retry latch) instead of re-running a broken board.
 */
export class MeasurementStore {
  readonly #dir: string;
  readonly #pending = new Map<string, Promise<unknown>>();

  constructor(runDir: string) {
    this.#dir = path.join(runDir, 'cache');
  }

  async getOrMeasure<T>(key: string, measure: () => Promise<T>): Promise<T> {
    const pending = this.#pending.get(key);
    if (pending) return pending as Promise<T>;
    const promise = this.#load<T>(key, measure);
    this.#pending.set(key, promise);
    return promise;
  }

  async #load<T>(key: string, measure: () => Promise<T>): Promise<T> {
    const file = path.join(this.#dir, `${safeFileName(key)}.json`);
    const stored = await readFile(file, 'utf8').then(
      (text) => JSON.parse(text) as T | StoredFailure,
      () => undefined,
    );
    if (stored !== undefined) {
      if (isStoredFailure(stored)) {
        throw new InfrastructureError(stored.code, `${stored.message} (measured earlier in this run)`);
      }
      return stored;
    }
    let value: T;
    try {
      value = await measure();
    } catch (error) {
      if (!isHilError(error) || error.family === 'infrastructure') {
        const failure: StoredFailure = {
          failed: true,
          code: isHilError(error) ? error.code : 'HIL_MEASURE_FAILED',
          message: error instanceof Error ? error.message : String(error),
        };
        await writeFileAtomic(file, JSON.stringify(failure));
      }
      throw error;
    }
    await writeFileAtomic(file, JSON.stringify(value));
    return value;
  }
}

function isStoredFailure(value: unknown): value is StoredFailure {
  return typeof value === 'object' && value !== null && (value as StoredFailure).failed === true;
}
