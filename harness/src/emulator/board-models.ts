import { ConfigError } from '../errors.js';
import type { BoardModel } from './board-model.js';
import { DRIVE_PX2 } from './models/drive-px2.js';
import { ORIN_NANO } from './models/orin-nano.js';
import { TX2 } from './models/tx2.js';
import { XAVIER_NX } from './models/xavier-nx.js';

/** Every board the emulator can play, by hil device type. */
export const BOARD_MODELS: readonly BoardModel[] = [TX2, XAVIER_NX, ORIN_NANO, DRIVE_PX2];

/** The model of a device type; a type the emulator cannot play is a config error naming `--type`. */
export function boardModelFor(type: string): BoardModel {
  const model = BOARD_MODELS.find((m) => m.type === type);
  if (!model) throw new ConfigError('HIL_EMULATE_TYPE', `the emulator cannot play device type "${type}"; it can play: ${BOARD_MODELS.map((m) => m.type).join(', ')}`, { where: '--type' });
  return model;
}

/** For the fake tools on the board: the state file names the type; fall back to a TX2 if it is unreadable. */
export function boardModelOrTx2(type: string | undefined): BoardModel {
  return BOARD_MODELS.find((m) => m.type === type) ?? TX2;
}
