import { spawn } from 'node:child_process';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CappedText } from './capped-text.js';
import { abortedError, timeoutError, TransportError } from './transport-errors.js';
import { shellJoin } from './shell-quote.js';
import { emptyStats, type ExecOptions, type ExecResult, type Transport, type TransferOptions } from './transport.js';

const KILL_GRACE_MS = 2000;

/**
 * The host itself as a board (`local` device type). Commands are spawned without a shell, each
 * in its own process group so a timeout or an abort stops everything they started.
 */
export class LocalTransport implements Transport {
  readonly board: string;
  readonly workdir: string;
  readonly stats = emptyStats();

  constructor(options: { board?: string; workdir?: string } = {}) {
    this.board = options.board ?? 'local';
    this.workdir = path.resolve(options.workdir ?? path.join(os.homedir(), '.hil', 'local'));
  }

  async connect(): Promise<void> {
    await mkdir(path.join(this.workdir, 'run'), { recursive: true });
    this.stats.connects += 1;
  }

  async close(): Promise<void> {}

  exec(argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const command = shellJoin(argv);
    const { board } = this;
    this.stats.commands += 1;
    if (options.signal?.aborted) return Promise.reject(abortedError(board, options.stage, options.signal.reason));
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn(argv[0]!, argv.slice(1), {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const stdout = new CappedText(options.maxOutputBytes);
      const stderr = new CappedText(options.maxOutputBytes);
      let stopReason: 'timeout' | 'abort' | undefined;
      child.stdout.on('data', (b: Buffer) => stdout.push(b));
      child.stderr.on('data', (b: Buffer) => stderr.push(b));
      child.stdin.on('error', () => {}); // the command may exit without reading its stdin
      child.stdin.end(options.stdin ?? '');
      const stopGroup = (reason: 'timeout' | 'abort'): void => {
        stopReason ??= reason;
        killGroup(child.pid, 'SIGTERM');
        setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
      };
      const timer = setTimeout(() => stopGroup('timeout'), options.timeoutMs);
      const onAbort = (): void => stopGroup('abort');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (exitCode: number | null, signal: string | null, spawnError?: Error): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        const result: ExecResult = {
          board,
          command,
          exitCode,
          signal,
          timedOut: stopReason === 'timeout',
          durationMs: performance.now() - started,
          stdout: stdout.toString(),
          stderr: stderr.toString(),
        };
        if (spawnError) {
          reject(new TransportError('HIL_SPAWN_FAILED', `${options.stage} on ${board}: cannot start ${argv[0]}: ${spawnError.message}`, board, options.stage, { cause: spawnError, result }));
        } else if (stopReason === 'timeout') reject(timeoutError(board, options.stage, options.timeoutMs, result));
        else if (stopReason === 'abort') reject(abortedError(board, options.stage, options.signal?.reason));
        else resolve(result);
      };
      child.once('error', (error) => finish(null, null, error));
      child.once('close', (code, signal) => finish(code, signal));
    });
  }

  async putFile(localPath: string, remotePath: string, options: TransferOptions): Promise<void> {
    const target = path.resolve(remotePath);
    if (!target.startsWith(this.workdir + path.sep)) {
      throw new TransportError('HIL_OUTSIDE_WORKDIR', `${options.stage} on ${this.board}: refusing to write ${remotePath} outside hil's directory ${this.workdir}`, this.board, options.stage);
    }
    await mkdir(path.dirname(remotePath), { recursive: true });
    await copyFile(localPath, remotePath);
    // Read the size first: `x += await y` would read x before awaiting and lose concurrent updates.
    const { size } = await stat(localPath);
    this.stats.bytesSent += size;
  }

  async getFile(remotePath: string, localPath: string, _options: TransferOptions): Promise<void> {
    await copyFile(remotePath, localPath);
    const { size } = await stat(localPath);
    this.stats.bytesReceived += size;
  }
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
