/**
 * Verdicts of the stream scenario against a device type's budgets (streamFpsMin,
 * streamP99MaxMs). A wall of several streams is judged by its worst stream: every camera of the
 * demo must keep up, not their average. Same conventions as verdicts.ts: 1e-9 slack at the
 * limit, a value that could not be measured is `skipped`, never passed or failed. Pure.
 */
import type { Verdict } from '../results/check-result.js';

const EPS = 1e-9;
const fmt = (x: number): string => String(Number(x.toFixed(4)));

export interface StreamFigures {
  /** Processed FPS of each stream. */
  processedFps: readonly number[];
  /** Glass-to-glass p99 of each stream, ms; null for a stream that processed nothing. */
  p99Ms: ReadonlyArray<number | null>;
}

export function streamFpsVerdict(f: StreamFigures, limit: number, source: string): Verdict {
  const worst = f.processedFps.length > 0 ? Math.min(...f.processedFps) : null;
  return threshold('stream-fps', `processed FPS${of(f.processedFps.length)}`, worst, 'FPS', '>=', limit, source);
}

export function streamP99Verdict(f: StreamFigures, limit: number, source: string): Verdict {
  const measured = f.p99Ms.length > 0 && f.p99Ms.every((v) => v !== null) ? Math.max(...(f.p99Ms as number[])) : null;
  return threshold('stream-p99', `glass-to-glass p99${of(f.p99Ms.length)}`, measured, 'ms', '<=', limit, source);
}

function of(n: number): string {
  return n > 1 ? ` (worst of ${n} streams)` : '';
}

function threshold(check: string, label: string, value: number | null, unit: string, op: '>=' | '<=', limit: number, source: string): Verdict {
  const base = { check, unit, limit: { op, value: limit, source } };
  if (value === null || !Number.isFinite(value)) return { ...base, value: null, status: 'skipped', message: 'not measured' };
  const ok = op === '>=' ? value >= limit - EPS : value <= limit + EPS;
  const shown = ok ? op : op === '>=' ? '<' : '>';
  return { ...base, value, status: ok ? 'passed' : 'failed', message: `${label} ${fmt(value)} ${unit} ${shown} ${fmt(limit)} ${unit} (${source})` };
}
