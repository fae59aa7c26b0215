/**
 * The frame every x/y plot shares: title, gridlines, ticks and axis labels. Plots only supply the
 * data range; this file picks nice ticks and returns scales so marks and axes always agree.
 */
import { COLORS, formatTick, line, linearScale, niceTicks, rect, text } from './svg.js';

export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface AxesSpec {
  width: number;
  height: number;
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  xRange: [number, number];
  yRange: [number, number];
  /** Keep y starting at 0 (counts, watts) rather than hugging the data. */
  yFromZero?: boolean;
  /** Categorical x axes (layers) draw their own labels. */
  hideXTicks?: boolean;
}

export interface Axes {
  area: PlotArea;
  x: (v: number) => number;
  y: (v: number) => number;
  xDomain: [number, number];
  yDomain: [number, number];
  svg: string[];
}

// The top margin holds the title, the subtitle and the legend row.
export const MARGIN = { left: 70, right: 24, top: 80, bottom: 56 };

export function drawAxes(spec: AxesSpec): Axes {
  const area: PlotArea = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: spec.width - MARGIN.left - MARGIN.right,
    height: spec.height - MARGIN.top - MARGIN.bottom,
  };
  const xt = niceTicks(spec.xRange[0], spec.xRange[1], 8);
  const yMin = spec.yFromZero ? Math.min(0, spec.yRange[0]) : spec.yRange[0];
  const yt = niceTicks(yMin, spec.yRange[1], 5);
  const x = linearScale(xt.domain, [area.left, area.left + area.width]);
  const y = linearScale(yt.domain, [area.top + area.height, area.top]);
  const bottom = area.top + area.height;
  const svg: string[] = [];
  svg.push(text({ x: area.left, y: 24, text: spec.title, size: 16, weight: 'bold' }));
  if (spec.subtitle) svg.push(text({ x: area.left, y: 43, text: spec.subtitle, size: 12, color: COLORS.muted }));
  for (const v of yt.ticks) {
    svg.push(line(area.left, y(v), area.left + area.width, y(v), COLORS.grid));
    svg.push(text({ x: area.left - 6, y: y(v) + 4, text: formatTick(v), size: 11, anchor: 'end', color: COLORS.muted }));
  }
  for (const v of spec.hideXTicks ? [] : xt.ticks) {
    svg.push(line(x(v), bottom, x(v), bottom + 5, COLORS.axis));
    svg.push(text({ x: x(v), y: bottom + 18, text: formatTick(v), size: 11, anchor: 'middle', color: COLORS.muted }));
  }
  svg.push(line(area.left, bottom, area.left + area.width, bottom, COLORS.axis));
  svg.push(line(area.left, area.top, area.left, bottom, COLORS.axis));
  svg.push(text({ x: area.left + area.width / 2, y: spec.height - 14, text: spec.xLabel, size: 12, anchor: 'middle' }));
  const yMid = area.top + area.height / 2;
  svg.push(text({ x: 18, y: yMid, text: spec.yLabel, size: 12, anchor: 'middle', rotate: -90 }));
  return { area, x, y, xDomain: xt.domain, yDomain: yt.domain, svg };
}

/**
 * A legend row between the subtitle and the plot, so it never covers data: swatch + label per
 * entry, left to right (a line, dashed where the mark is dashed, or a filled box for areas).
 */
export interface LegendEntry {
  label: string;
  color: string;
  dash?: string;
  /** A filled box (bars, areas) instead of a line; `opacity` matches the area's fill. */
  box?: boolean;
  opacity?: number;
}

export function legend(area: PlotArea, entries: LegendEntry[]): string[] {
  const svg: string[] = [];
  let x = area.left;
  const y = area.top - 10;
  for (const entry of entries) {
    if (entry.box) svg.push(rect(x, y - 10, 20, 10, entry.color, `fill-opacity="${entry.opacity ?? 1}" stroke="${entry.color}"`));
    else svg.push(line(x, y - 4, x + 20, y - 4, entry.color, 3, entry.dash));
    svg.push(text({ x: x + 25, y, text: entry.label, size: 11 }));
    x += 25 + entry.label.length * 6.7 + 18;
  }
  return svg;
}
