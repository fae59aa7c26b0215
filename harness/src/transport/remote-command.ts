import path from 'node:path';
import { shellJoin, shellQuote } from './shell-quote.js';

/**
 * The command line hil sends for one argv. The board's login shell runs `sh -c LINE`; sshd made
 * that shell a session and process-group leader, so the pid it writes (`$$`) names the whole group
 * and `kill -TERM -PID` stops the command and everything it started (no `--`: dash rejects it).
 * Closing an SSH channel does not stop a remote process (no pty), hence the pidfile.
 */
export function wrapWithPidfile(argv: readonly string[], options: { pidFile: string; cwd?: string; env?: Record<string, string> }): string {
  const parts: string[] = [];
  if (options.cwd !== undefined) parts.push(`cd ${shellQuote(options.cwd)}`);
  // The run folder is made on first use, not at connect: one round trip less per connection.
  // A pidfile that cannot be written (full disk) does not stop the command: cleaning up must
  // still work on a full board; only stopping it by PID is then lost.
  const pid = shellQuote(options.pidFile);
  const rundir = shellQuote(path.posix.dirname(options.pidFile));
  const pidPart = `{ { echo $$ > ${pid}; } 2>/dev/null || { mkdir -p ${rundir} && echo $$ > ${pid}; } 2>/dev/null; }`;
  // A stop that came before this shell wrote its pidfile (a short timeout on a loaded board) left
  // a stop marker instead of killing anything: honour it, or the command would run unstopped.
  const stop = shellQuote(stopMarker(options.pidFile));
  const stopPart = `if [ -e ${stop} ]; then rm -f ${pid} ${stop}; exit 143; fi`;
  const env = Object.entries(options.env ?? {});
  for (const [key] of env) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new TypeError(`invalid environment variable name: ${JSON.stringify(key)}`);
  }
  const envArgs = env.length > 0 ? ['env', ...env.map(([k, v]) => `${k}=${v}`)] : [];
  parts.push(`exec ${shellJoin([...envArgs, ...argv])}`);
  return `${pidPart}; ${stopPart}; ${parts.join(' && ')}`;
}

/**
 * Stops the process group recorded in a pidfile: TERM, a grace period, then KILL. Exits 0 when
 * nothing is left running; removes the pidfile.
 */
export function killByPidfileScript(pidFile: string, graceS = 2): string {
  const f = shellQuote(pidFile);
  const stop = shellQuote(stopMarker(pidFile));
  return [
    // The marker first, then the pidfile: whichever of this script and the command's shell comes
    // second sees the other's file, so a command never starts after it was stopped. (`true`, not
    // `:`: a failed redirection on a special builtin makes dash exit.)
    `{ true > ${stop}; } 2>/dev/null || { mkdir -p ${shellQuote(path.posix.dirname(pidFile))} && true > ${stop}; } 2>/dev/null`,
    `[ -f ${f} ] || exit 0`,
    `pid=$(cat ${f})`,
    // Empty: the command's shell is writing it right now, and will see the marker.
    `case "$pid" in ''|*[!0-9]*) exit 0;; esac`,
    `kill -TERM -"$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null`,
    `i=0; while kill -0 -"$pid" 2>/dev/null && [ $i -lt ${graceS * 10} ]; do sleep 0.1; i=$((i+1)); done`,
    `kill -KILL -"$pid" 2>/dev/null; kill -KILL "$pid" 2>/dev/null`,
    `rm -f ${f} ${stop}`,
    'exit 0',
  ].join('\n');
}

/** The file a stop leaves for a command whose shell has not written its pidfile yet. */
export function stopMarker(pidFile: string): string {
  return `${pidFile}.stop`;
}
