import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { InfrastructureError } from '../errors.js';
import { commandOf, descendants, isAlive, signal } from './process-tree.js';

export const SSHD = '/usr/sbin/sshd';
/** sshd's privilege separation folder (compiled in; Debian's service unit makes it as RuntimeDirectory). */
export const PRIVSEP_DIR = '/run/sshd';
const SETPRIV = '/usr/bin/setpriv';

export interface SshdOptions {
  configFile: string;
  logFile: string;
  port: number;
}

/** A free TCP port on 127.0.0.1 (asked from the kernel; sshd then binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something on the port answers with an SSH banner. */
async function waitForBanner(port: number, deadline: number, alive: () => boolean): Promise<void> {
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('sshd exited during start-up');
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setTimeout(1000);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString('latin1').startsWith('SSH-'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('sshd did not answer within 15 s');
}

/**
 * One real OpenSSH server in the foreground (`sshd -D`), owned by this process and stopped by
 * PID. Fault hooks: drop or freeze the live connections, restart (a board reboot).
 */
export class SshdProcess {
  #child: ChildProcess | undefined;
  constructor(readonly options: SshdOptions) {}

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async start(): Promise<void> {
    if (!existsSync(SSHD)) {
      throw new InfrastructureError('HIL_NO_SSHD', `${SSHD} not found: emulated boards need a real OpenSSH server`, {
        hint: "install Debian's openssh-server: sudo apt-get install -y openssh-server",
      });
    }
    ensurePrivsepDir();
    const args = ['-D', '-f', this.options.configFile, '-E', this.options.logFile];
    // setpriv --pdeathsig: sshd goes when its owner dies, even by SIGKILL (no orphaned boards).
    const child = existsSync(SETPRIV)
      ? spawn(SETPRIV, ['--pdeathsig', 'TERM', SSHD, ...args], { stdio: 'ignore' })
      : spawn(SSHD, args, { stdio: 'ignore' });
    this.#child = child;
    let exited = false;
    child.once('exit', () => (exited = true));
    child.once('error', () => (exited = true));
    try {
      await waitForBanner(this.options.port, Date.now() + 15_000, () => !exited);
    } catch (cause) {
      await this.stop();
      throw new InfrastructureError('HIL_SSHD_START', `emulated board: sshd on port ${this.options.port} did not start: ${(cause as Error).message}; see ${this.options.logFile}`, { cause });
    }
  }

  /** The per-connection sshd processes and everything they run. */
  sessionProcesses(): number[] {
    return this.pid === undefined ? [] : descendants(this.pid);
  }

  /** Kills every live connection (the link drops; the client sees it at once). */
  dropConnections(): void {
    signal(this.sessionProcesses(), 'SIGKILL');
  }

  /** Freezes every live connection: a silent dead link that only keepalive notices. */
  freezeConnections(): void {
    signal(this.sessionProcesses(), 'SIGSTOP');
  }

  /**
   * Freezes only the sshd processes that relay the live connections; what they started (hil's
   * agent) keeps running. A link that went silent under a job still working on the board.
   */
  freezeLinks(): number[] {
    const relays = this.sessionProcesses().filter((pid) => commandOf(pid) === 'sshd');
    signal(relays, 'SIGSTOP');
    return relays;
  }

  thawConnections(): void {
    signal(this.sessionProcesses(), 'SIGCONT');
  }

  /** Stops sshd and everything its sessions started, by PID. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child?.pid) return;
    const pids = [child.pid, ...descendants(child.pid)];
    signal(pids, 'SIGCONT');
    signal(pids, 'SIGTERM');
    const deadline = Date.now() + 3000;
    while (pids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    signal(pids.filter(isAlive), 'SIGKILL');
    this.#child = undefined;
  }

  /** A board reboot: everything dies, sshd comes back on the same port with the same keys. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

/**
 * sshd started as root refuses to run without its privilege separation folder, which Debian makes
 * from its service unit or init script: in a fresh container (no init system ever ran) it does not
 * exist. Made here as Debian's unit makes it (root-owned, 0755). sshd started by another user does
 * not need it; such a user cannot make it either.
 */
export function ensurePrivsepDir(): void {
  if (process.getuid?.() !== 0 || existsSync(PRIVSEP_DIR)) return;
  try {
    mkdirSync(PRIVSEP_DIR, { recursive: true, mode: 0o755 });
  } catch (cause) {
    throw new InfrastructureError('HIL_SSHD_PRIVSEP', `sshd needs ${PRIVSEP_DIR}, which does not exist and cannot be made: ${(cause as Error).message}`, {
      cause,
      hint: `create it as root: mkdir -p -m 0755 ${PRIVSEP_DIR}`,
    });
  }
}

/** sshd_config for one emulated board. Values are double-quoted: paths may hold spaces. */
export function sshdConfig(options: {
  port: number;
  hostKeyFile: string;
  pidFile: string;
  authorizedKeysFile: string;
  user: string;
  env: Record<string, string>;
}): string {
  const q = (s: string): string => `"${s.replace(/"/g, '')}"`;
  return [
    `ListenAddress 127.0.0.1:${options.port}`,
    `HostKey ${q(options.hostKeyFile)}`,
    `PidFile ${q(options.pidFile)}`,
    `AuthorizedKeysFile ${q(options.authorizedKeysFile)}`,
    `AllowUsers ${options.user}`,
    'UsePAM no',
    'StrictModes no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin no',
    'X11Forwarding no',
    'AllowTcpForwarding no',
    'PrintMotd no',
    'PrintLastLog no',
    'MaxStartups 50:30:100',
    'Subsystem sftp internal-sftp',
    // The session's environment: the board's own HOME, its fake tools first on PATH, its fake root.
    `SetEnv ${Object.entries(options.env).map(([k, v]) => q(`${k}=${v}`)).join(' ')}`,
    'LogLevel ERROR',
    '',
  ].join('\n');
}

export function writeSshdConfig(file: string, config: string): void {
  writeFileSync(file, config, { mode: 0o600 });
}
