/**
 * How one check (model × device × check) appears in Allure: names, labels, parameters and the
 * description. Pure data, shared by the results writer and by suites that use allure-playwright.
 *
 * History: Allure keys a test's history on its test case id (here a stable `hil:` key built from
 * device type, target, model and check) plus every parameter not marked `excluded`. So the board
 * and everything that changes from run to run (measured value, limit, baseline) are excluded
 * parameters: shown on the test, but trends follow the model and check across the boards of a
 * device type and across runs.
 */
import type { Verdict } from '../../results/check-result.js';

export interface CheckIdentity {
  /** Device type, e.g. local, jetson2. */
  device: string;
  /** Board name, e.g. local, tx2-01. */
  board: string;
  /** Compute unit: cpu, igpu, dgpu. */
  target: string;
  model: string;
  /** baseline, pruned, ... */
  variant: string;
  /** The check, e.g. map, fps, p99, power, latency-regression. */
  check: string;
  runner?: string;
  /** The hil suite the check belongs to (e.g. default); Allure's own `suite` label is the board. */
  hilSuite?: string;
  scenario?: string;
  /** Measured on an emulated board or target: labelled and marked so nobody reads it as real hardware. */
  emulated?: boolean;
  /** Required by the device profile or the suite. */
  required?: boolean;
}

export interface AllureLabel {
  name: string;
  value: string;
}

export interface AllureParameter {
  name: string;
  value: string;
  excluded?: boolean;
}

export interface AllureCheckDescription {
  name: string;
  fullName: string;
  /** Stable across runs and boards; Allure derives the test case and its history from it. */
  testCaseId: string;
  labels: AllureLabel[];
  parameters: AllureParameter[];
  /** Markdown: measured value, limit, baseline and the verdict's message. */
  description: string;
}

export const NOT_MEASURED = 'not measured';

/** `12.3 fps`, or `not measured` for null (never 0). */
export function formatMeasured(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NOT_MEASURED;
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 4;
  const text = String(Number(value.toFixed(digits)));
  return unit ? `${text} ${unit}` : text;
}

export function formatLimit(verdict: Pick<Verdict, 'limit' | 'unit'>): string | null {
  if (!verdict.limit) return null;
  const op = verdict.limit.op === '>=' ? '≥' : '≤';
  return `${op} ${formatMeasured(verdict.limit.value, verdict.unit)}`;
}

export function formatBaseline(verdict: Pick<Verdict, 'baseline' | 'unit'>): string | null {
  if (!verdict.baseline) return null;
  return formatMeasured(verdict.baseline.value, verdict.baseline.unit ?? verdict.unit);
}

export function describeCheckForAllure(id: CheckIdentity, verdict?: Verdict): AllureCheckDescription {
  const key = ['hil', id.device, id.target, id.model, id.check].join(':');
  const labels: AllureLabel[] = [
    { name: 'parentSuite', value: id.device },
    { name: 'suite', value: id.board },
    { name: 'subSuite', value: id.model },
    { name: 'device', value: id.device },
    { name: 'board', value: id.board },
    { name: 'target', value: id.target },
    { name: 'model', value: id.model },
    { name: 'variant', value: id.variant },
    { name: 'check', value: id.check },
    { name: 'tag', value: id.variant },
    { name: 'tag', value: id.device },
  ];
  if (id.hilSuite) labels.push({ name: 'hilSuite', value: id.hilSuite });
  if (id.scenario) labels.push({ name: 'scenario', value: id.scenario });
  if (id.runner) labels.push({ name: 'runner', value: id.runner });
  if (id.emulated) labels.push({ name: 'emulated', value: 'true' }, { name: 'tag', value: 'EMULATED' });
  if (id.required) labels.push({ name: 'required', value: 'true' });

  const parameters: AllureParameter[] = [
    { name: 'target', value: id.target },
    { name: 'board', value: id.board, excluded: true },
  ];
  if (id.runner) parameters.push({ name: 'runner', value: id.runner });
  // Not excluded: an emulated board's history must never mix with real hardware's.
  if (id.emulated) parameters.push({ name: 'emulated', value: 'yes (not real hardware)' });
  if (verdict) {
    parameters.push({ name: 'measured', value: formatMeasured(verdict.value, verdict.unit), excluded: true });
    const limit = formatLimit(verdict);
    if (limit) parameters.push({ name: 'limit', value: `${limit} (${verdict.limit!.source})`, excluded: true });
    const baseline = formatBaseline(verdict);
    if (baseline) parameters.push({ name: 'baseline', value: `${baseline} (${verdict.baseline!.source})`, excluded: true });
  }
  return {
    name: `${id.check} · ${id.model}${id.emulated ? ' (emulated)' : ''}`,
    fullName: `hil › ${id.device} › ${id.target} › ${id.model} › ${id.check}`,
    testCaseId: key,
    labels,
    parameters,
    description: describeMarkdown(id, verdict),
  };
}

function describeMarkdown(id: CheckIdentity, verdict?: Verdict): string {
  const where = `${id.device} / ${id.board} (${id.target}${id.runner ? `, ${id.runner}` : ''})`;
  const lines = [`**${id.check}** of **${id.model}** (${id.variant}) on ${where}`, ''];
  if (id.emulated) lines.push('> **EMULATED**: measured on an emulated board or target (`hil emulate`, a fake trtexec), not on real hardware.', '');
  if (!verdict) return lines.join('\n');
  // The first row doubles as the table header: markdown tables need one, and an empty one shows.
  lines.push(`| measured | ${formatMeasured(verdict.value, verdict.unit)} |`, '|---|---|');
  const limit = formatLimit(verdict);
  lines.push(`| budget / tolerance | ${limit ? `${limit} — ${verdict.limit!.source}` : 'none'} |`);
  const baseline = formatBaseline(verdict);
  lines.push(`| baseline | ${baseline ? `${baseline} — ${verdict.baseline!.source}` : 'none'} |`);
  lines.push(`| verdict | ${verdict.status} |`);
  lines.push('', escapeMarkdown(verdict.message));
  return lines.join('\n');
}

function escapeMarkdown(text: string): string {
  return text.replace(/([|*_`<>])/g, '\\$1');
}
