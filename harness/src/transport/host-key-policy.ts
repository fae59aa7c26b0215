import { InfrastructureError } from '../errors.js';
import { fingerprint, formatHostKey, parseHostKey } from './host-key.js';

/**
 * What to do with the key a board presents. The default refuses anything but the pinned key:
 * a changed key means a reinstalled board or someone in the middle, and hil cannot tell which.
 * - `pinned`: only the pinned key (no pin: refuse)
 * - `accept-new`: the pinned key; a board with no pin is accepted and its key reported
 * - `accept-any`: anything, reported (explicit opt-in, e.g. right after reinstalling a board)
 */
export type HostKeyPolicy = 'pinned' | 'accept-new' | 'accept-any';

export interface HostKeyDecision {
  accept: boolean;
  /** Set when refused: the error to raise instead of ssh2's bare "Host denied". */
  error?: InfrastructureError;
  /** Set when a key was accepted without matching a pin: the line to pin. */
  unpinnedKey?: string;
}

export function decideHostKey(board: string, address: string, pinned: string | undefined, presented: Buffer, policy: HostKeyPolicy): HostKeyDecision {
  const presentedLine = formatHostKey(presented);
  if (pinned === undefined) {
    if (policy !== 'pinned') return { accept: true, unpinnedKey: presentedLine };
    return {
      accept: false,
      error: new InfrastructureError('HIL_HOST_KEY_UNKNOWN', `host key of ${board} (${address}) is not pinned in the farm inventory; refusing to connect`, {
        where: board,
        hint: `if ${fingerprint(presented)} is the board's key, add hostKey: "${presentedLine}" to its entry (or accept it once explicitly)`,
      }),
    };
  }
  const pin = parseHostKey(pinned);
  if (typeof pin === 'string') {
    return { accept: false, error: new InfrastructureError('HIL_HOST_KEY_INVALID', `pinned host key of ${board} is invalid: ${pin}`, { where: board }) };
  }
  if (pin.blob.equals(presented)) return { accept: true };
  if (policy === 'accept-any') return { accept: true, unpinnedKey: presentedLine };
  return {
    accept: false,
    error: new InfrastructureError(
      'HIL_HOST_KEY_MISMATCH',
      `host key of ${board} (${address}) changed: pinned ${fingerprint(pin.blob)}, board presented ${fingerprint(presented)}; refusing to connect`,
      { where: board, hint: 'if the board was reinstalled, update hostKey in the farm inventory; otherwise something is impersonating it' },
    ),
  };
}
