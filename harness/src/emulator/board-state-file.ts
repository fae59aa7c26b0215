import { readFileSync } from 'node:fs';
import { defaultStateFor } from './board-model.js';
import { boardModelOrTx2 } from './board-models.js';
import type { EmulatedBoardState } from './board-state.js';
import { writeFileAtomicSync } from '../files/atomic-write.js';

export function defaultBoardState(type: string): EmulatedBoardState {
  return defaultStateFor(boardModelOrTx2(type));
}

/** The emulated board's settings and faults, one JSON file shared by its fake tools. */
export function readBoardState(file: string, type = 'jetson2'): EmulatedBoardState {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<EmulatedBoardState>;
    return { ...defaultBoardState(saved.type ?? type), ...saved };
  } catch {
    return defaultBoardState(type);
  }
}

/** Replaces the file atomically: a tool reading mid-write sees the old or the new state. */
export function writeBoardState(file: string, state: EmulatedBoardState): void {
  writeFileAtomicSync(file, `${JSON.stringify(state, null, 2)}\n`);
}
