/**
 * POSIX shell quoting for every argument sent to a board. Remote commands travel as one string
 * that the board's login shell parses, so each argument is wrapped in single quotes, inside which
 * nothing is special; a single quote itself is closed, escaped and reopened (`'\''`). Spaces,
 * `;`, `$()`, backticks, globs and newlines all arrive as literal bytes.
 */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new TypeError('a shell argument cannot contain a NUL byte');
  // Plain words stay readable in logs; everything else is quoted (`=` too: `A=b` as the first
  // word would be an assignment, not a command).
  if (arg !== '' && /^[A-Za-z0-9_./:@%+,-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one command line for `sh -c`. */
export function shellJoin(argv: readonly string[]): string {
  if (argv.length === 0) throw new TypeError('empty command');
  return argv.map(shellQuote).join(' ');
}
