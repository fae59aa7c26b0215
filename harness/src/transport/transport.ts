/**
 * How hil talks to a board: small interfaces (labgrid's `CommandProtocol` / `FileTransferProtocol`)
 * that suites and deploy code ask for, with a local and an SSH implementation behind them.
 */

/** The stage a command belongs to; timeouts and errors name it ("deploy on tx2-01 ..."). */
export type Stage = string;

export interface ExecOptions {
  /** Kill the command (its whole process group) after this long. Required: nothing runs forever. */
  timeoutMs: number;
  /** Names the stage in timeouts and errors, e.g. `deploy`, `measure`, `lease`. */
  stage: Stage;
  /** Cancels the command and kills it on the board. */
  signal?: AbortSignal;
  /** Working directory on the board. */
  cwd?: string;
  /** Extra environment for the command. */
  env?: Record<string, string>;
  /** Bytes fed to the command's stdin. */
  stdin?: string;
  /** Cap per output stream; beyond it the head and the tail are kept. @default OUTPUT_CAP_BYTES (4 MiB) */
  maxOutputBytes?: number;
}

/**
 * One shape for every remote command, success or not (execa's result). A non-zero exit is data:
 * the caller decides. A dropped connection, a timeout or an abort is never an exit code: those
 * throw an InfrastructureError that carries this result so far.
 */
export interface ExecResult {
  board: string;
  /** The command line as sent (quoted), for logs. */
  command: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
}

export interface TransferOptions {
  stage: Stage;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface CommandRunner {
  exec(argv: readonly string[], options: ExecOptions): Promise<ExecResult>;
}

export interface FileTransfer {
  /** Copies a local file to the board (remote path must lie inside the board's workdir). */
  putFile(localPath: string, remotePath: string, options: TransferOptions): Promise<void>;
  /** Copies a file from the board to this machine. */
  getFile(remotePath: string, localPath: string, options: TransferOptions): Promise<void>;
}

export interface TransportStats {
  /** File bytes uploaded (putFile), for deploy benchmarks. */
  bytesSent: number;
  bytesReceived: number;
  commands: number;
  connects: number;
}

export interface Transport extends CommandRunner, FileTransfer {
  readonly board: string;
  /** hil's own directory on the board, absolute once connected; every write stays under it. */
  readonly workdir: string;
  readonly stats: TransportStats;
  connect(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export function emptyStats(): TransportStats {
  return { bytesSent: 0, bytesReceived: 0, commands: 0, connects: 0 };
}
