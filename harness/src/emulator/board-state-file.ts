import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { defaultBoardState, type EmulatedBoardState } from './tx2-model.js';

/** The emulated board's settings and faults, one JSON file shared by its fake tools. */
export function readBoardState(file: string, type = 'jetson2'): EmulatedBoardState {
  try {
    return { ...defaultBoardState(type), ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<EmulatedBoardState>) };
  } catch {
    return defaultBoardState(type);
  }
}

/** Replaces the file atomically: a tool reading mid-write sees the old or the new state. */
export function writeBoardState(file: string, state: EmulatedBoardState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}
