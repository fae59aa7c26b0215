import type { Verdict } from '../results/check-result.js';

/** A recorded figure without a limit: it passes, and the report says there was nothing to check against. */
export function noLimitVerdict(check: string, message: string, value: number | null, unit: string): Verdict {
  return { check, status: 'passed', value, unit, message: `${message} (recorded; no limit set)` };
}

/** One test may carry several rules (mAP and mAP@.5): it fails if any fails, skips only if all skip. */
export function combineVerdicts(check: string, verdicts: Verdict[]): Verdict | undefined {
  if (verdicts.length === 0) return undefined;
  if (verdicts.length === 1) return { ...verdicts[0]!, check };
  const failed = verdicts.find((v) => v.status === 'failed');
  const passed = verdicts.find((v) => v.status === 'passed');
  const lead = failed ?? passed ?? verdicts[0]!;
  return { ...lead, check, status: failed ? 'failed' : passed ? 'passed' : lead.status, message: verdicts.map((v) => v.message).join('; ') };
}

export function describeVerdict(verdict: Verdict, device: { deviceType: string; board: string; target: string }): string {
  const lines = [`**${verdict.status.toUpperCase()}**: ${verdict.message}`, '', `Device ${device.deviceType}, board ${device.board}, target ${device.target}.`];
  if (verdict.limit) lines.push(`Limit: ${verdict.limit.op} ${verdict.limit.value} ${verdict.unit} from ${verdict.limit.source}.`);
  if (verdict.baseline) lines.push(`Baseline: ${verdict.baseline.value ?? 'not measured'} (${verdict.baseline.source}).`);
  return lines.join('\n');
}
