import type { CheckStatus } from '../results/check-result.js';

/** `planned 19, decided 19: 13 passed, 6 skipped`. */
export function decisionLine(d: { planned: number; decided: number; counts: Record<CheckStatus, number>; problems: readonly unknown[] }): string {
  const parts = (Object.entries(d.counts) as [CheckStatus, number][]).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  const problems = d.problems.length > 0 ? `; ${d.problems.length} run problem${d.problems.length > 1 ? 's' : ''}` : '';
  return `planned ${d.planned}, decided ${d.decided}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}${problems}`;
}
