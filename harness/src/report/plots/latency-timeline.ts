/**
 * Latency over the run (each query or frame at its start time), for the stream scenario and for
 * spotting warm-up effects, thermal throttling or periodic stalls that a histogram hides.
 */
import { ConfigError } from '../../errors.js';
import { drawAxes, legend } from './axes.js';
import { COLORS, formatNumber as fmt, line, svgDocument, svgToPng } from './svg.js';

export interface LatencyPoint {
  /** Time since the start of the measurement, ms. */
  tMs: number;
  latencyMs: number;
}

export interface LatencyTimelineInput {
  points: readonly LatencyPoint[];
  title: string;
  subtitle?: string;
  /** A latency budget (e.g. p99 ≤ 80 ms), drawn as a red line. */
  budgetMs?: number | null;
  /** Times (ms) of dropped frames, drawn as ticks along the bottom. */
  droppedAtMs?: readonly number[];
  width?: number;
  height?: number;
}

export function latencyTimelineSvg(input: LatencyTimelineInput): string {
  const points = input.points.filter((p) => Number.isFinite(p.tMs) && Number.isFinite(p.latencyMs));
  if (points.length === 0) {
    throw new ConfigError('HIL_PLOT_NO_DATA', `latency timeline "${input.title}": no latency points to plot`);
  }
  const width = input.width ?? 820;
  const height = input.height ?? 380;
  const budget = input.budgetMs ?? null;
  const dropped = input.droppedAtMs ?? [];
  const ts = points.map((p) => p.tMs / 1000);
  const ls = points.map((p) => p.latencyMs);
  const axes = drawAxes({
    width,
    height,
    title: input.title,
    subtitle: input.subtitle ?? `${points.length} queries over ${fmt((Math.max(...ts) - Math.min(...ts)))} s`,
    xLabel: 'time since start of measurement (s)',
    yLabel: 'latency (ms)',
    xRange: [Math.min(...ts, ...dropped.map((d) => d / 1000)), Math.max(...ts, ...dropped.map((d) => d / 1000))],
    yRange: [0, Math.max(...ls, budget ?? 0)],
    yFromZero: true,
  });
  const body = [...axes.svg];
  // Thousands of points: a polyline keeps the SVG small; dots only where they stay readable.
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${axes.x(p.tMs / 1000).toFixed(1)},${axes.y(p.latencyMs).toFixed(1)}`);
  body.push(`<path d="${path.join('')}" fill="none" stroke="${COLORS.primary}" stroke-width="1.2" stroke-opacity="0.85"/>`);
  if (points.length <= 400) {
    for (const p of points) body.push(`<circle cx="${axes.x(p.tMs / 1000).toFixed(1)}" cy="${axes.y(p.latencyMs).toFixed(1)}" r="2" fill="${COLORS.primary}"/>`);
  }
  const entries: { label: string; color: string; dash?: string }[] = [{ label: 'latency per query', color: COLORS.primary }];
  if (budget !== null) {
    body.push(line(axes.area.left, axes.y(budget), axes.area.left + axes.area.width, axes.y(budget), COLORS.bad, 2, '8 4'));
    entries.push({ label: `budget ${fmt(budget)} ms`, color: COLORS.bad, dash: '8 4' });
  }
  if (dropped.length > 0) {
    const bottom = axes.area.top + axes.area.height;
    for (const d of dropped) body.push(line(axes.x(d / 1000), bottom - 8, axes.x(d / 1000), bottom, COLORS.secondary, 1.5));
    entries.push({ label: `dropped frames (${dropped.length})`, color: COLORS.secondary });
  }
  body.push(...legend(axes.area, entries));
  return svgDocument(width, height, body);
}

export async function renderLatencyTimeline(input: LatencyTimelineInput): Promise<Buffer> {
  return svgToPng(latencyTimelineSvg(input));
}
