import type { CheckStatus, Verdict } from './check-result.js';

/**
 * One finished check as stored in `reports/runs/<runId>/checks/`: the verdict plus where it ran.
 * Written by hil's Playwright reporter the moment the check ends.
 */
export interface CheckRecord {
  runId: string;
  suite: string;
  /** The Playwright project (`jetson2`, `jetson2:igpu`): with model and check, the key into the run's plan. */
  project: string;
  model: string;
  variant: string;
  device: string;
  board: string;
  target: string;
  check: string;
  title: string;
  status: CheckStatus;
  /** Required by the device profile or the suite: only passed or failed is decided then. */
  required: boolean;
  /** Who requires it (`devices/jetson2.yaml: required[0]`). */
  requiredBy?: string;
  /** Measured on an emulated board or target: never a figure of real hardware. */
  emulated: boolean;
  verdict: Verdict | null;
  /** Error text for broken checks (infrastructure), with the cause chain. */
  error?: string;
  errorCode?: string;
  durationMs: number;
}

/** Exit code of a whole run: 2 if anything broke (results are incomplete), else 1 if a verdict failed. */
export function exitCodeForChecks(records: readonly { status: CheckStatus }[]): 0 | 1 | 2 {
  if (records.some((r) => r.status === 'broken')) return 2;
  if (records.some((r) => r.status === 'failed')) return 1;
  return 0;
}
