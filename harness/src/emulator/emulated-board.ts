import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FarmBoardData } from '../devices/farm-schema.js';
import { defaultBoardState, readBoardState, writeBoardState } from './board-state-file.js';
import type { BoardUser } from './board-user.js';
import { createFakeSysroot, syncTensorRtLibrary } from './fake-sysroot.js';
import { writeFakeTools } from './fake-tools.js';
import { processesWithEnv, signal } from './process-tree.js';
import { generateEd25519 } from './ssh-keys.js';
import { sshdConfig, SshdProcess, writeSshdConfig } from './sshd-process.js';
import type { EmulatedBoardState } from './board-state.js';
import type { BoardImage } from './board-image.js';

export interface EmulatedBoardOptions {
  name: string;
  type: string;
  dir: string;
  port: number;
  user: BoardUser;
  /** What the board has installed: fake tools, node, onnxruntime-node (its own copy, not the project's). */
  image: BoardImage;
  /** The board was upgraded to run Node 20 (matters on JetPack 4, whose glibc 2.27 cannot). */
  upgradedNode?: boolean;
}

/**
 * One emulated Jetson: a real sshd on 127.0.0.1 with its own host key, a client key, its own home
 * and workdir, a fake root ($HIL_SYSROOT) and fake NVIDIA tools on the session's PATH.
 * Fault hooks (for the reliability tests) change its state file or its sshd.
 */
export class EmulatedBoard {
  readonly name: string;
  readonly type: string;
  readonly dir: string;
  readonly port: number;
  readonly home: string;
  readonly workdir: string;
  readonly sysroot: string;
  readonly binDir: string;
  readonly stateFile: string;
  readonly clientKeyFile: string;
  readonly hostKeyFile: string;
  hostKey = '';
  readonly sshd: SshdProcess;
  /** Every process of this board carries it in its environment (the load meter finds them by it). */
  readonly loadMarker: string;
  readonly #options: EmulatedBoardOptions;
  #diskLimited = false;

  constructor(options: EmulatedBoardOptions) {
    this.#options = options;
    this.name = options.name;
    this.type = options.type;
    this.dir = options.dir;
    this.port = options.port;
    this.home = path.join(options.dir, 'home');
    this.workdir = path.join(this.home, '.hil');
    this.sysroot = path.join(options.dir, 'root');
    this.binDir = path.join(options.dir, 'bin');
    this.stateFile = path.join(options.dir, 'emu', 'state.json');
    this.clientKeyFile = path.join(options.dir, 'ssh', 'client_ed25519');
    this.hostKeyFile = path.join(options.dir, 'ssh', 'ssh_host_ed25519_key');
    const sshDir = path.join(options.dir, 'ssh');
    this.sshd = new SshdProcess({ configFile: path.join(sshDir, 'sshd_config'), logFile: path.join(sshDir, 'sshd.log'), port: options.port });
    this.loadMarker = `HIL_EMU_STATE=${this.stateFile}`;
  }

  async start(): Promise<void> {
    const { user } = this.#options;
    const sshDir = path.join(this.dir, 'ssh');
    for (const d of [this.dir, sshDir, this.home, this.sysroot, this.binDir, path.dirname(this.stateFile)]) mkdirSync(d, { recursive: true });
    chmodSync(this.dir, 0o755);
    this.hostKey = await generateEd25519(this.hostKeyFile, `${this.name}-host`);
    const clientKey = await generateEd25519(this.clientKeyFile, `hil@${this.name}`);
    const authorizedKeys = path.join(sshDir, 'authorized_keys');
    writeFileSync(authorizedKeys, `${clientKey}\n`, { mode: 0o644 });
    writeBoardState(this.stateFile, { ...defaultBoardState(this.type), ...(this.#options.upgradedNode ? { upgradedNode: true } : {}) });
    createFakeSysroot(this.sysroot, readBoardState(this.stateFile));
    writeFakeTools(this.binDir, readBoardState(this.stateFile), this.#options.image);
    if (user.chown) {
      for (const d of [this.home, path.dirname(this.stateFile)]) chownSync(d, user.uid, user.gid);
      chownSync(this.stateFile, user.uid, user.gid);
    }
    const env = {
      HOME: this.home,
      PATH: `${this.binDir}:/usr/local/bin:/usr/bin:/bin`,
      HIL_SYSROOT: this.sysroot,
      HIL_EMULATED: '1',
      HIL_EMU_STATE: this.stateFile,
      HIL_BOARD: this.name,
    };
    writeSshdConfig(
      this.sshd.options.configFile,
      sshdConfig({ port: this.port, hostKeyFile: this.hostKeyFile, pidFile: path.join(sshDir, 'sshd.pid'), authorizedKeysFile: authorizedKeys, user: user.name, env }),
    );
    await this.sshd.start();
  }

  /** The board's entry in the farm inventory. */
  farmEntry(): FarmBoardData {
    return {
      name: this.name,
      type: this.type,
      host: '127.0.0.1',
      port: this.port,
      user: this.#options.user.name,
      identityFile: this.clientKeyFile,
      hostKey: this.hostKey,
      tags: ['emulated'],
      workdir: this.workdir,
      // The board's own `node` (fake-tools): plain node, with the runner fault hooks in front.
      agent: { node: path.join(this.binDir, 'node'), nodeModules: this.#options.image.nodeModules },
      emulated: true,
    };
  }

  state(): EmulatedBoardState {
    return readBoardState(this.stateFile, this.type);
  }

  /** Changes settings or injects faults (tegrastats mode, temperature, throttling, clock skew). */
  setState(patch: Partial<EmulatedBoardState>): EmulatedBoardState {
    const next = { ...this.state(), ...patch };
    writeBoardState(this.stateFile, next);
    if (this.#options.user.chown) chownSync(this.stateFile, this.#options.user.uid, this.#options.user.gid);
    writeFakeTools(this.binDir, next, this.#options.image);
    syncTensorRtLibrary(this.sysroot, next);
    return next;
  }

  /** Times hil's agent was started on this board (each start logged by the board's `node`). */
  agentStarts(): number {
    try {
      return readFileSync(`${this.stateFile}.agent-starts`, 'utf8').split('\n').filter(Boolean).length;
    } catch {
      return 0;
    }
  }

  /** The next `count` uploads arrive corrupted (the board's sha256sum flips a byte first). */
  corruptUploads(count: number): void {
    const file = `${this.stateFile}.corrupt-uploads`;
    writeFileSync(file, `${count}\n`);
    if (this.#options.user.chown) chownSync(file, this.#options.user.uid, this.#options.user.gid);
  }

  /** Live processes of this board: everything its sessions started, even daemons that left them. */
  processes(): number[] {
    return processesWithEnv(this.loadMarker);
  }

  /** A reinstalled board: new host key, sshd restarted. Returns the new key line. */
  async rotateHostKey(): Promise<string> {
    await this.sshd.stop();
    this.hostKey = await generateEd25519(this.hostKeyFile, `${this.name}-host`);
    await this.sshd.start();
    return this.hostKey;
  }

  /**
   * A nearly full disk: mounts a tmpfs of `mb` over the workdir (root only; its files are hidden
   * until `null` unmounts it). Returns false where mounting is not allowed.
   */
  setDiskLimit(mb: number | null): boolean {
    const { user } = this.#options;
    try {
      if (this.#diskLimited) execFileSync('umount', ['-l', this.workdir], { stdio: 'pipe' });
      this.#diskLimited = false;
      if (mb === null) return true;
      mkdirSync(this.workdir, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${Math.max(1, Math.round(mb * 1024))}k,uid=${user.uid},gid=${user.gid},mode=0755`, 'hil-emulated-disk', this.workdir], { stdio: 'pipe' });
      this.#diskLimited = true;
      return true;
    } catch {
      return false;
    }
  }

  async stop(options: { removeFiles?: boolean } = {}): Promise<void> {
    this.setDiskLimit(null);
    await this.sshd.stop();
    // A board that goes away takes its processes with it, daemons that left their session too
    // (a power sampler orphaned by a killed run, say): found by the board's marker, ended by PID.
    signal(this.processes(), 'SIGKILL');
    if (options.removeFiles) rmSync(this.dir, { recursive: true, force: true });
  }
}
