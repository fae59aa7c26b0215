/**
 * Power over time with the measurement window shaded and the budget line: shows that the mean W in
 * the verdict came from samples inside the window, and how close the peaks came to the budget.
 */
import { ConfigError } from '../../errors.js';
import { drawAxes, legend, type LegendEntry } from './axes.js';
import { COLORS, formatNumber as fmt, line, rect, svgDocument, svgToPng, text } from './svg.js';

export interface PowerSample {
  /** Time on the same clock as the window, ms. */
  tMs: number;
  watts: number;
}

export interface PowerTraceInput {
  samples: readonly PowerSample[];
  /** The measurement window: the mean W is taken from samples strictly inside it. */
  window: { startMs: number; endMs: number };
  /** The rail the samples come from, e.g. VDD_IN, sum, rapl:package-0. */
  rail: string;
  title: string;
  budgetW?: number | null;
  /** The mean W the verdict used, drawn as a dotted line across the window. */
  meanW?: number | null;
  width?: number;
  height?: number;
}

export function powerTraceSvg(input: PowerTraceInput): string {
  const samples = [...input.samples].filter((s) => Number.isFinite(s.tMs) && Number.isFinite(s.watts)).sort((a, b) => a.tMs - b.tMs);
  if (samples.length === 0) {
    throw new ConfigError('HIL_PLOT_NO_DATA', `power trace "${input.title}": no power samples to plot`);
  }
  const width = input.width ?? 820;
  const height = input.height ?? 380;
  const t0 = Math.min(samples[0]!.tMs, input.window.startMs);
  const sec = (ms: number) => (ms - t0) / 1000;
  const budget = input.budgetW ?? null;
  const meanW = input.meanW ?? null;
  const axes = drawAxes({
    width,
    height,
    title: input.title,
    subtitle:
      `rail ${input.rail}, ${samples.length} samples, window ${fmt((input.window.endMs - input.window.startMs) / 1000)} s` +
      (meanW !== null ? `, mean ${fmt(meanW)} W` : ''),
    xLabel: 'time (s)',
    yLabel: 'power (W)',
    xRange: [0, Math.max(sec(samples.at(-1)!.tMs), sec(input.window.endMs))],
    yRange: [0, Math.max(...samples.map((s) => s.watts), budget ?? 0) * 1.05],
    yFromZero: true,
  });
  const { area } = axes;
  const body: string[] = [];
  const wx0 = axes.x(sec(input.window.startMs));
  const wx1 = axes.x(sec(input.window.endMs));
  // The window goes under the axes' grid so gridlines stay visible.
  body.push(rect(wx0, area.top, wx1 - wx0, area.height, COLORS.window, 'fill-opacity="0.10"'));
  body.push(...axes.svg);
  body.push(line(wx0, area.top, wx0, area.top + area.height, COLORS.window, 1.5, '4 3'));
  body.push(line(wx1, area.top, wx1, area.top + area.height, COLORS.window, 1.5, '4 3'));
  body.push(text({ x: (wx0 + wx1) / 2, y: area.top + area.height - 8, text: 'measurement window', size: 11, anchor: 'middle', color: COLORS.window }));
  const path = samples.map((s, i) => `${i === 0 ? 'M' : 'L'}${axes.x(sec(s.tMs)).toFixed(1)},${axes.y(s.watts).toFixed(1)}`);
  body.push(`<path d="${path.join('')}" fill="none" stroke="${COLORS.secondary}" stroke-width="1.6"/>`);
  const entries: LegendEntry[] = [
    { label: `power (${input.rail})`, color: COLORS.secondary },
    { label: 'measurement window', color: COLORS.window, box: true, opacity: 0.15 },
  ];
  if (meanW !== null) {
    body.push(line(wx0, axes.y(meanW), wx1, axes.y(meanW), COLORS.text, 1.5, '2 3'));
    entries.push({ label: `mean in window ${fmt(meanW)} W`, color: COLORS.text, dash: '2 3' });
  }
  if (budget !== null) {
    body.push(line(area.left, axes.y(budget), area.left + area.width, axes.y(budget), COLORS.bad, 2, '8 4'));
    entries.push({ label: `budget ${fmt(budget)} W`, color: COLORS.bad, dash: '8 4' });
  }
  body.push(...legend(area, entries));
  return svgDocument(width, height, body);
}

export async function renderPowerTrace(input: PowerTraceInput): Promise<Buffer> {
  return svgToPng(powerTraceSvg(input));
}
