import type { Verdict } from './check-result.js';

/** Name of the JSON attachment through which a check tells hil's reporter what it measured. */
export const CHECK_ATTACHMENT = 'hil-check';

export interface CheckAttachment {
  model: string;
  variant: string;
  device: string;
  board: string;
  target: string;
  runner: string;
  check: string;
  scenario: string;
  /** The board or target is emulated (hil emulate, a fake trtexec): its figures are not real hardware's. */
  emulated: boolean;
  verdict: Verdict | null;
  errorCode?: string;
  /** Shown in the Allure test: measured value, limit, baseline, run facts. */
  parameters: Record<string, string>;
  description?: string;
}
