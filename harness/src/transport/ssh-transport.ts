import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { NodeSSH } from 'node-ssh';
import PQueue from 'p-queue';
import { ConfigError, InfrastructureError } from '../errors.js';
import { CappedText } from './capped-text.js';
import { addWithWaitLimit } from './queue-wait.js';
import { unsafeResolvedWorkdirReason } from './workdir-rules.js';
import { hostKeyAlgorithmsFor, parseHostKey } from './host-key.js';
import { decideHostKey, type HostKeyPolicy } from './host-key-policy.js';
import { killByPidfileScript, wrapWithPidfile } from './remote-command.js';
import { abortedError, connectionLostError, timeoutError, TransportError } from './transport-errors.js';
import { shellJoin } from './shell-quote.js';
import { emptyStats, type ExecOptions, type ExecResult, type Transport, type TransferOptions } from './transport.js';
import { withDeadline } from './with-deadline.js';

export interface SshTarget {
  board: string;
  host: string;
  port: number;
  user: string;
  /** Private key text (never logged). */
  privateKey: string;
  /** Pinned `type base64` host key line. */
  hostKey?: string;
  hostKeyPolicy?: HostKeyPolicy;
  /** Called when a key was accepted without matching a pin, with the line to pin. */
  onUnpinnedHostKey?: (board: string, keyLine: string) => void;
  /** hil's directory on the board; `~/` is the login user's home. */
  workdir: string;
  connectTimeoutMs?: number;
}

// sshd's default MaxSessions is 10: keep one channel for SFTP and one for stopping processes.
const MAX_CHANNELS = 8;

/** A board over SSH (node-ssh 13 / ssh2): pinned host key, keepalive, quoted commands, pidfiles. */
export class SshTransport implements Transport {
  readonly board: string;
  readonly stats = emptyStats();
  #workdir: string;
  #target: SshTarget;
  #ssh: NodeSSH | undefined;
  #sftp: Promise<unknown> | undefined;
  #lostCause: Error | undefined;
  readonly #channels = new PQueue({ concurrency: MAX_CHANNELS });

  constructor(target: SshTarget) {
    this.#target = target;
    this.board = target.board;
    this.#workdir = target.workdir;
  }

  get workdir(): string {
    return this.#workdir;
  }

  get connected(): boolean {
    return this.#ssh?.isConnected() === true;
  }

  async connect(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<void> {
    if (this.connected) return;
    await this.close();
    const t = this.#target;
    const address = `${t.host}:${t.port}`;
    const pin = t.hostKey === undefined ? undefined : parseHostKey(t.hostKey);
    let refusal: InfrastructureError | undefined;
    const ssh = new NodeSSH();
    const timeoutMs = options.timeoutMs ?? t.connectTimeoutMs ?? 20_000;
    try {
      await withDeadline(
        ssh.connect({
          host: t.host,
          port: t.port,
          username: t.user,
          privateKey: t.privateKey,
          readyTimeout: timeoutMs,
          keepaliveInterval: 1000,
          keepaliveCountMax: 3,
          ...(pin && typeof pin !== 'string' ? { algorithms: { serverHostKey: hostKeyAlgorithmsFor(pin.type) } } : {}),
          hostVerifier: (key: Buffer) => {
            const decision = decideHostKey(t.board, address, t.hostKey, key, t.hostKeyPolicy ?? 'pinned');
            if (decision.unpinnedKey) t.onUnpinnedHostKey?.(t.board, decision.unpinnedKey);
            refusal = decision.error;
            return decision.accept;
          },
        }),
        { board: t.board, stage: 'connect', timeoutMs, signal: options.signal, onExpire: () => ssh.dispose() },
      );
    } catch (error) {
      ssh.dispose();
      if (refusal) throw refusal;
      if (error instanceof InfrastructureError) throw error;
      throw new TransportError('HIL_CONNECT_FAILED', `connect on ${t.board} (${t.user}@${address}) failed: ${(error as Error).message}`, t.board, 'connect', { cause: error });
    }
    // Without our own listener a later connection reset crashes the whole process (PITFALLS).
    ssh.connection?.on('error', (error: Error) => {
      this.#lostCause = error;
    });
    ssh.connection?.on('close', () => {
      this.#sftp = undefined;
    });
    this.#ssh = ssh;
    this.#lostCause = undefined;
    this.stats.connects += 1;
    // $HOME resolves `~/` and proves the workdir is not the home folder itself (hil prunes there).
    const home = await this.#raw('printf %s "$HOME"', 'connect', 10_000);
    if (home.exitCode !== 0 || !home.stdout.startsWith('/')) {
      throw new TransportError('HIL_WORKDIR_FAILED', `connect on ${t.board}: cannot resolve ${t.workdir}: $HOME is "${home.stdout}"`, t.board, 'connect');
    }
    const resolved = t.workdir.startsWith('~') ? path.posix.join(home.stdout, t.workdir.slice(1)) : t.workdir;
    const unsafe = unsafeResolvedWorkdirReason(resolved, home.stdout);
    if (unsafe) {
      ssh.dispose();
      this.#ssh = undefined;
      throw new ConfigError('HIL_WORKDIR_UNSAFE', `${t.board}: workdir "${t.workdir}" ${unsafe}`, { where: `${t.board}: workdir` });
    }
    this.#workdir = resolved;
  }

  async close(): Promise<void> {
    this.#sftp = undefined;
    this.#ssh?.dispose();
    this.#ssh = undefined;
  }

  async exec(argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    if (options.signal?.aborted) throw abortedError(this.board, options.stage, options.signal.reason);
    if (!this.connected) await this.connect({ signal: options.signal });
    const pidFile = path.posix.join(this.#workdir, 'run', `${randomUUID()}.pid`);
    const line = wrapWithPidfile(argv, { pidFile, cwd: options.cwd, env: options.env });
    const command = shellJoin(argv);
    this.stats.commands += 1;
    // At most MAX_CHANNELS commands at once; the wait for a free one is bounded like the run.
    return addWithWaitLimit(this.#channels, () => this.#run(line, command, options, pidFile), {
      waitMs: options.timeoutMs,
      signal: options.signal,
      onWaitTimeout: () =>
        new TransportError('HIL_TIMEOUT', `${options.stage} on ${this.board} waited ${options.timeoutMs} ms for a free SSH channel (${MAX_CHANNELS} in use)`, this.board, options.stage),
    });
  }

  /** Runs a line and waits for it; on timeout or abort closes the channel and kills by pidfile. */
  async #run(line: string, command: string, options: ExecOptions, pidFile?: string): Promise<ExecResult> {
    const started = performance.now();
    let stopReason: 'timeout' | 'abort' | undefined;
    let openChannel: { close(): void } | undefined;
    const outcome = await new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; error?: Error }>((resolve) => {
      const connection = this.#ssh?.connection;
      if (!connection) return resolve({ code: null, signal: null, stdout: '', stderr: '', error: this.#lostCause });
      connection.exec(line, {}, (error: Error | undefined, channel: any) => {
        if (error) return resolve({ code: null, signal: null, stdout: '', stderr: '', error });
        openChannel = channel;
        const stdout = new CappedText(options.maxOutputBytes);
        const stderr = new CappedText(options.maxOutputBytes);
        let code: number | null = null;
        let signal: string | null = null;
        const finish = (): void => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          resolve({ code, signal, stdout: stdout.toString(), stderr: stderr.toString() });
        };
        // sshd keeps the channel until the remote process ends, so a stop does not wait for
        // 'close': it settles now and the process is killed by its pidfile below.
        const stop = (reason: 'timeout' | 'abort'): void => {
          stopReason ??= reason;
          finish();
        };
        const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
        const onAbort = (): void => stop('abort');
        options.signal?.addEventListener('abort', onAbort, { once: true });
        channel.on('data', (chunk: Buffer) => stdout.push(chunk));
        channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        channel.on('exit', (c: number | null, s: string | null) => {
          code = c ?? null;
          signal = s ?? null;
        });
        channel.on('close', finish);
        channel.end(options.stdin ?? '');
      });
    });
    const result: ExecResult = {
      board: this.board,
      command,
      exitCode: outcome.code,
      signal: outcome.signal,
      timedOut: stopReason === 'timeout',
      durationMs: performance.now() - started,
      stdout: outcome.stdout,
      stderr: outcome.stderr,
    };
    if (stopReason !== undefined) {
      if (pidFile) await this.#killQuietly(pidFile);
      openChannel?.close();
      if (stopReason === 'timeout') throw timeoutError(this.board, options.stage, options.timeoutMs, result);
      throw abortedError(this.board, options.stage, options.signal?.reason);
    }
    if (outcome.error && this.connected) {
      throw new TransportError('HIL_CHANNEL_FAILED', `${options.stage} on ${this.board}: cannot open a channel: ${outcome.error.message}`, this.board, options.stage, { cause: outcome.error, result });
    }
    if (outcome.error || (outcome.code === null && outcome.signal === null)) {
      throw connectionLostError(this.board, options.stage, outcome.error ?? this.#lostCause, result);
    }
    return result;
  }

  /** Stops a remote process group by its pidfile; best effort when the link is gone. */
  async #killQuietly(pidFile: string): Promise<void> {
    try {
      await this.#raw(shellJoin(['sh', '-c', killByPidfileScript(pidFile)]), 'stop', 15_000);
    } catch {
      // the board is unreachable; its process dies with the session or stays until the next health check
    }
  }

  /** One command outside the channel queue (connect, kill), with a deadline. */
  async #raw(line: string, stage: string, timeoutMs: number): Promise<ExecResult> {
    return this.#run(line, line, { stage, timeoutMs });
  }

  async putFile(localPath: string, remotePath: string, options: TransferOptions): Promise<void> {
    this.#assertInsideWorkdir(remotePath, options.stage);
    await this.#transfer(options, (ssh, sftp) => ssh.putFile(localPath, remotePath, sftp, { concurrency: 64, chunkSize: 32768 }));
    // Read the size first: `x += await y` would read x before awaiting and lose concurrent updates.
    const { size } = await stat(localPath);
    this.stats.bytesSent += size;
  }

  async getFile(remotePath: string, localPath: string, options: TransferOptions): Promise<void> {
    await this.#transfer(options, (ssh, sftp) => ssh.getFile(localPath, remotePath, sftp, { concurrency: 64, chunkSize: 32768 }));
    const { size } = await stat(localPath);
    this.stats.bytesReceived += size;
  }

  async #transfer(options: TransferOptions, run: (ssh: NodeSSH, sftp: any) => Promise<void>): Promise<void> {
    if (!this.connected) await this.connect({ signal: options.signal });
    const ssh = this.#ssh!;
    this.#sftp ??= ssh.requestSFTP();
    const opening = this.#sftp;
    // A failed open is not cached: the next transfer asks again.
    opening.catch(() => {
      if (this.#sftp === opening) this.#sftp = undefined;
    });
    // Opening the SFTP subsystem can hang on a wedged sshd like any other request: bounded too.
    const sftp = await withDeadline(opening, {
      board: this.board,
      stage: `${options.stage} (opening SFTP)`,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      onExpire: () => {
        if (this.#sftp === opening) this.#sftp = undefined;
      },
    });
    try {
      await withDeadline(run(ssh, sftp), {
        board: this.board,
        stage: options.stage,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        // Ending the SFTP session is the only way to stop a transfer in flight.
        onExpire: () => {
          (sftp as { end(): void }).end();
          this.#sftp = undefined;
        },
      });
    } catch (error) {
      if (error instanceof InfrastructureError) throw error;
      if (!this.connected) throw connectionLostError(this.board, options.stage, error);
      throw new TransportError('HIL_TRANSFER_FAILED', `${options.stage} on ${this.board}: file transfer failed: ${(error as Error).message}`, this.board, options.stage, { cause: error });
    }
  }

  /** Remote writes stay inside hil's directory on the board. */
  #assertInsideWorkdir(remotePath: string, stage: string): void {
    const normal = path.posix.normalize(remotePath);
    if (!normal.startsWith(`${this.#workdir}/`)) {
      throw new TransportError('HIL_OUTSIDE_WORKDIR', `${stage} on ${this.board}: refusing to write ${remotePath} outside hil's directory ${this.#workdir}`, this.board, stage);
    }
  }
}
