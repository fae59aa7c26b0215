/**
 * Errors cross thread, process and SSH boundaries as plain data and are rebuilt on the other side
 * with the same family and code, so a config mistake found on the board still exits 3 at home.
 */
import { ConfigError, ConfigIssuesError, InfrastructureError, VerdictError, describeError, isHilError, type HilError } from '../errors.js';
import type { SerializedError } from './job.js';

export function serializeError(error: unknown): SerializedError {
  if (isHilError(error)) {
    const cause = (error as { cause?: unknown }).cause;
    const message = cause === undefined ? error.message : `${error.message} (${describeError(cause).split('\n').join('; ')})`;
    const issues = error instanceof ConfigIssuesError ? error.issues : undefined;
    return { family: error.family, code: error.code, message, where: error.where, hint: error.hint, ...(issues ? { issues } : {}) };
  }
  const message = error instanceof Error ? error.message : String(error);
  // Anything unexpected on the runner side is the runner breaking, not the model failing a budget.
  return { family: 'infrastructure', code: 'HIL_RUNNER_FAILED', message };
}

export function deserializeError(e: SerializedError, where?: string): HilError {
  const options = { where: e.where ?? where, hint: e.hint };
  if (e.family === 'config' && e.issues) return new ConfigIssuesError(e.issues, options);
  if (e.family === 'config') return new ConfigError(e.code, e.message, options);
  if (e.family === 'verdict') return new VerdictError(e.code, e.message, options);
  return new InfrastructureError(e.code, e.message, options);
}
