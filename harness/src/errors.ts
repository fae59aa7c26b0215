/**
 * Typed errors with stable codes. The family decides how a failure is reported:
 * - `verdict`: a measured value is outside its budget or tolerance (Allure `failed`, exit 1)
 * - `infrastructure`: the board, transport or runner broke (Allure `broken`, exit 2)
 * - `config`: bad configuration, usage or input files (exit 3)
 * The original error is kept as `cause` so the chain survives to the top-level catch.
 */
export type ErrorFamily = 'verdict' | 'infrastructure' | 'config';

export const EXIT_CODES = {
  ok: 0,
  verdict: 1,
  infrastructure: 2,
  config: 3,
} as const;

export interface HilErrorOptions {
  cause?: unknown;
  /** Where the problem is: a file, `file: dot.path`, a board name. */
  where?: string;
  /** How to fix it, printed after the message. */
  hint?: string;
}

export abstract class HilError extends Error {
  abstract readonly family: ErrorFamily;
  readonly code: string;
  readonly where: string | undefined;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: HilErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.where = options.where;
    this.hint = options.hint;
  }

  get exitCode(): number {
    return EXIT_CODES[this.family];
  }
}

/** A measured value is outside its budget or tolerance. */
export class VerdictError extends HilError {
  readonly family = 'verdict' as const;
}

/** The board, transport, runner or a dependency broke; nothing is known about the model. */
export class InfrastructureError extends HilError {
  readonly family = 'infrastructure' as const;
}

/** Bad configuration, bad usage or a bad input file. */
export class ConfigError extends HilError {
  readonly family = 'config' as const;
}

/** One problem in a config or input file, reported as `file: dot.path: message`. */
export interface ConfigIssue {
  file: string;
  path: string;
  message: string;
}

/** All problems found in one or more files, reported at once (changesets style). */
export class ConfigIssuesError extends ConfigError {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[], options: HilErrorOptions = {}) {
    super('HIL_CONFIG_INVALID', issues.map(formatConfigIssue).join('\n'), options);
    this.issues = issues;
  }
}

export function formatConfigIssue(issue: ConfigIssue): string {
  return issue.path ? `${issue.file}: ${issue.path}: ${issue.message}` : `${issue.file}: ${issue.message}`;
}

export function isHilError(error: unknown): error is HilError {
  return error instanceof HilError;
}

/** Message plus the cause chain, one line per link, for the console and reports. */
export function describeError(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  let depth = 0;
  while (current !== undefined && current !== null && depth < 8) {
    if (current instanceof Error) {
      const code = isHilError(current) ? `[${current.code}] ` : '';
      lines.push(`${depth === 0 ? '' : 'caused by: '}${code}${current.message}`);
      if (isHilError(current) && current.hint && depth === 0) lines.push(`hint: ${current.hint}`);
      current = (current as { cause?: unknown }).cause;
    } else {
      lines.push(`${depth === 0 ? '' : 'caused by: '}${String(current)}`);
      current = undefined;
    }
    depth += 1;
  }
  return lines.join('\n');
}

/** Exit code for anything thrown: unknown errors are infrastructure (the harness broke). */
export function exitCodeFor(error: unknown): number {
  return isHilError(error) ? error.exitCode : EXIT_CODES.infrastructure;
}
