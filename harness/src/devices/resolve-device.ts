import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { Farm, FarmBoard } from './load-farm.js';
import type { DeviceProfiles } from './load-profiles.js';
import type { DeviceProfile } from './profile-schema.js';

/** The host itself, for the `local` device type: no farm entry, no SSH. */
export interface LocalBoard {
  kind: 'local';
  name: string;
  type: string;
  workdir: string;
  emulated: false;
  tags: string[];
}

export type BoardSpec = ({ kind: 'ssh' } & FarmBoard) | LocalBoard;

export interface ResolvedDevice {
  /** What the user typed. */
  requested: string;
  profile: DeviceProfile;
  /** Boards that may serve the request, in inventory order; one when a board was named. */
  boards: BoardSpec[];
}

export const LOCAL_TYPE = 'local';

export function localBoard(workdir = path.join(os.homedir(), '.hil', 'local')): LocalBoard {
  return { kind: 'local', name: 'local', type: LOCAL_TYPE, workdir, emulated: false, tags: [] };
}

/**
 * `--device` takes a device type (any free board of it) or a board name. Unknown names are a
 * config error that lists what is known, so a typo is fixed without opening the inventory.
 */
export function resolveDevice(nameOrBoard: string, farm: Farm | null, profiles: DeviceProfiles): ResolvedDevice {
  const profile = profiles.get(nameOrBoard);
  const board = farm?.boards.find((b) => b.name === nameOrBoard);
  if (profile && board) {
    throw new ConfigError('HIL_DEVICE_AMBIGUOUS', `"${nameOrBoard}" is both a device type and a board in ${farm!.file}; rename the board`);
  }
  if (profile) {
    if (profile.name === LOCAL_TYPE) return { requested: nameOrBoard, profile, boards: [localBoard()] };
    const boards = (farm?.boards ?? []).filter((b) => b.type === profile.name).map((b) => ({ kind: 'ssh' as const, ...b }));
    if (boards.length === 0) {
      throw new ConfigError(
        'HIL_NO_BOARDS',
        farm ? `${farm.file}: no board of device type "${nameOrBoard}"; types in this farm: ${[...new Set(farm.boards.map((b) => b.type))].join(', ')}` : `device type "${nameOrBoard}" needs a farm inventory`,
        { hint: farm ? undefined : 'pass --farm FILE (or start emulated boards with `hil emulate`)' },
      );
    }
    return { requested: nameOrBoard, profile, boards };
  }
  if (board) {
    const typeProfile = profiles.get(board.type);
    if (!typeProfile) throw new ConfigError('HIL_UNKNOWN_DEVICE', `${farm!.file}: board "${board.name}" has unknown device type "${board.type}"; known types: ${[...profiles.keys()].join(', ')}`);
    return { requested: nameOrBoard, profile: typeProfile, boards: [{ kind: 'ssh', ...board }] };
  }
  const known = [`types: ${[...profiles.keys()].join(', ')}`];
  if (farm) known.push(`boards in ${farm.file}: ${farm.boards.map((b) => b.name).join(', ')}`);
  throw new ConfigError('HIL_UNKNOWN_DEVICE', `unknown device or board "${nameOrBoard}"; known ${known.join('; ')}`, {
    where: '--device',
    hint: farm ? undefined : 'board names come from a farm inventory: pass --farm FILE',
  });
}
