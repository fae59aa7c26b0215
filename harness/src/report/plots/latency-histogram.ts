/**
 * Latency histogram with median, p90 and p99 markers (and the p99 budget when there is one), the
 * picture a reviewer checks first for a bimodal or long-tailed distribution.
 */
import type { LatencyStats } from '../../results/check-result.js';
import { ConfigError } from '../../errors.js';
import { drawAxes, legend } from './axes.js';
import { COLORS, formatNumber as fmt, line, rect, svgDocument, svgToPng, text } from './svg.js';

export interface LatencyHistogramInput {
  samplesMs: readonly number[];
  /** The statistics the verdicts used; the markers show these, not a recomputation. */
  stats: Pick<LatencyStats, 'n' | 'medianMs' | 'p90Ms' | 'p99Ms'>;
  title: string;
  /** p99 budget in ms, drawn as a red line. */
  budgetP99Ms?: number | null;
  width?: number;
  height?: number;
  /** Number of bins; default by the Freedman–Diaconis-like sqrt rule, capped to 10..60. */
  bins?: number;
}

export function latencyHistogramSvg(input: LatencyHistogramInput): string {
  const samples = input.samplesMs.filter(Number.isFinite);
  if (samples.length === 0) {
    throw new ConfigError('HIL_PLOT_NO_DATA', `latency histogram "${input.title}": no latency samples to plot`);
  }
  const width = input.width ?? 820;
  const height = input.height ?? 420;
  const { stats } = input;
  let lo = Math.min(...samples);
  let hi = Math.max(...samples);
  const budget = input.budgetP99Ms ?? null;
  if (budget !== null) hi = Math.max(hi, budget);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const binCount = input.bins ?? Math.min(60, Math.max(10, Math.round(Math.sqrt(samples.length))));
  const binWidth = (hi - lo) / binCount;
  const counts = new Array<number>(binCount).fill(0);
  for (const s of samples) counts[Math.min(binCount - 1, Math.floor((s - lo) / binWidth))]! += 1;
  const axes = drawAxes({
    width,
    height,
    title: input.title,
    subtitle: `n = ${stats.n}, median ${fmt(stats.medianMs)} ms, p90 ${fmt(stats.p90Ms)} ms, p99 ${fmt(stats.p99Ms)} ms`,
    xLabel: 'latency (ms)',
    yLabel: 'queries',
    xRange: [lo, hi],
    yRange: [0, Math.max(...counts)],
    yFromZero: true,
  });
  const body = [...axes.svg];
  counts.forEach((count, i) => {
    if (count === 0) return;
    const x0 = axes.x(lo + i * binWidth);
    const x1 = axes.x(lo + (i + 1) * binWidth);
    body.push(rect(x0 + 0.5, axes.y(count), x1 - x0 - 1, axes.y(0) - axes.y(count), COLORS.primary, 'fill-opacity="0.75"'));
  });
  const top = axes.area.top;
  const bottom = axes.area.top + axes.area.height;
  const markers = [
    { label: `median ${fmt(stats.medianMs)} ms`, value: stats.medianMs, color: COLORS.good, dash: undefined },
    { label: `p90 ${fmt(stats.p90Ms)} ms`, value: stats.p90Ms, color: COLORS.secondary, dash: '6 3' },
    { label: `p99 ${fmt(stats.p99Ms)} ms`, value: stats.p99Ms, color: '#7b3fa0', dash: '2 3' },
  ];
  if (budget !== null) markers.push({ label: `p99 budget ${fmt(budget)} ms`, value: budget, color: COLORS.bad, dash: '8 4' });
  for (const m of markers) body.push(line(axes.x(m.value), top, axes.x(m.value), bottom, m.color, 2, m.dash));
  body.push(...legend(axes.area, markers.map((m) => ({ label: m.label, color: m.color, dash: m.dash }))));
  if (samples.length < stats.n) {
    body.push(text({ x: axes.area.left + 8, y: top + 16, text: `showing ${samples.length} of ${stats.n} samples`, size: 11 }));
  }
  return svgDocument(width, height, body);
}

export async function renderLatencyHistogram(input: LatencyHistogramInput): Promise<Buffer> {
  return svgToPng(latencyHistogramSvg(input));
}

