import type { Verdict } from '../results/check-result.js';

/** A check that could not be measured: skipped with the reason (the gate breaks it where it is required). */
export function notMeasured(check: string, unit: string, reason: string): Verdict {
  return { check, status: 'skipped', value: null, unit, message: reason.startsWith('not measured') ? reason : `not measured: ${reason}` };
}

/** A check the board cannot do at all: skipped as unsupported, naming the board and why. */
export function unsupportedOn(check: string, board: string, reason: string): Verdict {
  return { check, status: 'skipped', value: null, unit: '', message: `unsupported on ${board}: ${reason}`, unsupported: true };
}

export function describeVerdict(verdict: Verdict, device: { deviceType: string; board: string; target: string; emulated?: boolean }): string {
  const lines = [`**${verdict.status.toUpperCase()}**: ${verdict.message}`, '', `Device ${device.deviceType}, board ${device.board}, target ${device.target}.`];
  if (device.emulated) lines.push('', '**Emulated**: measured on an emulated board or target (`hil emulate`), not on real hardware.');
  if (verdict.limit) lines.push(`Limit: ${verdict.limit.op} ${verdict.limit.value} ${verdict.unit} from ${verdict.limit.source}.`);
  if (verdict.baseline) lines.push(`Baseline: ${verdict.baseline.value ?? 'not measured'} (${verdict.baseline.source}).`);
  return lines.join('\n');
}

/** Measured value, limit and baseline of a verdict as Allure parameters. */
export function verdictParameters(verdict: Verdict): Record<string, string> {
  const out: Record<string, string> = { measured: verdict.value === null ? 'not measured' : `${Number(verdict.value.toFixed(4))} ${verdict.unit}`.trim() };
  if (verdict.limit) out.limit = `${verdict.limit.op} ${verdict.limit.value} ${verdict.unit} (${verdict.limit.source})`.replace(/\s+\(/, ' (');
  if (verdict.baseline) out.baseline = `${verdict.baseline.value === null ? 'not measured' : `${Number(verdict.baseline.value.toFixed(4))} ${verdict.baseline.unit ?? verdict.unit}`} (${verdict.baseline.source})`;
  return out;
}
