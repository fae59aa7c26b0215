/**
 * JUnit XML from the run's decided records (so a planned check that left no record, or a required
 * one that was not decided, is in it too): one testsuite per Playwright project; a failed verdict
 * is a <failure>, a broken check an <error>, skipped and invalid are <skipped> with their reason.
 * Emulated figures say so in the test's properties and system-out. Pure.
 */
import type { CheckRecord } from '../results/check-record.js';

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 forbids most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

function messageOf(r: CheckRecord): string {
  return (r.status === 'broken' ? (r.error ?? r.verdict?.message) : (r.verdict?.message ?? r.error)) ?? r.status;
}

export function renderJunitXml(records: readonly CheckRecord[], options: { runId: string; timestamp?: string } = { runId: '' }): string {
  const projects = [...new Set(records.map((r) => r.project))];
  const suites = projects.map((project) => {
    const rows = records.filter((r) => r.project === project);
    const count = (pred: (r: CheckRecord) => boolean) => rows.filter(pred).length;
    const seconds = rows.reduce((s, r) => s + r.durationMs, 0) / 1000;
    const cases = rows.map((r) => {
      const first = messageOf(r).split('\n')[0]!;
      const body =
        r.status === 'failed'
          ? `<failure message="${esc(first)}" type="verdict">${esc(messageOf(r))}</failure>`
          : r.status === 'broken'
            ? `<error message="${esc(first)}" type="${esc(r.errorCode ?? 'infrastructure')}">${esc(messageOf(r))}</error>`
            : r.status === 'skipped' || r.status === 'invalid'
              ? `<skipped message="${esc(`${r.status}: ${first}`)}"/>`
              : '';
      const props = [
        ['board', r.board],
        ['target', r.target],
        ['required', String(r.required)],
        ['emulated', String(r.emulated)],
      ]
        .map(([n, v]) => `<property name="${n}" value="${esc(v!)}"/>`)
        .join('');
      const out = r.emulated ? `<system-out>${esc('emulated board or target: not a figure of real hardware')}</system-out>` : '';
      return `    <testcase classname="${esc(`${project}.${r.model}`)}" name="${esc(`${r.model} › ${r.check}`)}" time="${(r.durationMs / 1000).toFixed(3)}"><properties>${props}</properties>${body}${out}</testcase>`;
    });
    return [
      `  <testsuite name="${esc(project)}" tests="${rows.length}" failures="${count((r) => r.status === 'failed')}" errors="${count((r) => r.status === 'broken')}" skipped="${count((r) => r.status === 'skipped' || r.status === 'invalid')}" time="${seconds.toFixed(3)}"${options.timestamp ? ` timestamp="${esc(options.timestamp)}"` : ''}>`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const total = (pred: (r: CheckRecord) => boolean) => records.filter(pred).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="hil run ${esc(options.runId)}" tests="${records.length}" failures="${total((r) => r.status === 'failed')}" errors="${total((r) => r.status === 'broken')}" skipped="${total((r) => r.status === 'skipped' || r.status === 'invalid')}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
