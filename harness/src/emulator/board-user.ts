import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';

/** Who logs in to emulated boards. */
export interface BoardUser {
  name: string;
  uid: number;
  gid: number;
  /** True when the emulator runs as root and must hand the board's files to this user. */
  chown: boolean;
}

export const BOARD_USER = 'hilboard';
const BOARD_USER_HOME = '/var/lib/hilboard';

/**
 * As root, boards log in as a dedicated light user (`/bin/sh`, no rc files): root's shell start-up
 * here runs `pyenv init` and costs ~0.5 s per command (PITFALLS). Created once, password-less but
 * not locked (sshd without PAM refuses locked accounts even for keys). Otherwise: the current user.
 */
export function ensureBoardUser(): BoardUser {
  const me = os.userInfo();
  if (me.uid !== 0) return { name: me.username, uid: me.uid, gid: me.gid, chown: false };
  if (!lookup(BOARD_USER)) {
    mkdirSync(BOARD_USER_HOME, { recursive: true });
    try {
      execFileSync('useradd', ['--system', '--home-dir', BOARD_USER_HOME, '--no-create-home', '--shell', '/bin/sh', '--user-group', BOARD_USER], { stdio: 'pipe' });
    } catch (error) {
      // Another emulator may have created it at the same moment.
      if (!lookup(BOARD_USER)) throw error;
    }
  }
  if (isLocked(BOARD_USER)) retry(() => execFileSync('usermod', ['-p', '*', BOARD_USER], { stdio: 'pipe' }));
  const entry = lookup(BOARD_USER)!;
  mkdirSync(BOARD_USER_HOME, { recursive: true });
  execFileSync('chown', [`${entry.uid}:${entry.gid}`, BOARD_USER_HOME]);
  return { name: BOARD_USER, uid: entry.uid, gid: entry.gid, chown: true };
}

function lookup(name: string): { uid: number; gid: number } | undefined {
  try {
    const line = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).trim();
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

function isLocked(name: string): boolean {
  try {
    // sshd (without PAM) refuses accounts whose password field starts with "!"; "*" is fine.
    return execFileSync('getent', ['shadow', name], { encoding: 'utf8' }).split(':')[1]?.startsWith('!') !== false;
  } catch {
    return true;
  }
}

/** /etc/shadow is locked while another emulator edits it: try again briefly. */
function retry(fn: () => void): void {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return fn();
    } catch (error) {
      if (attempt >= 20) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}
