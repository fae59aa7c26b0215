/**
 * Old and new version's latency distributions overlaid (same bins, same axes), with each median,
 * the picture a reviewer of a model change reads next to the ratio and its interval.
 */
import { ConfigError } from '../../errors.js';
import { drawAxes, legend } from './axes.js';
import { COLORS, formatNumber as fmt, line, rect, svgDocument, svgToPng } from './svg.js';

export interface LatencyOverlayInput {
  oldMs: readonly number[];
  newMs: readonly number[];
  title: string;
  /** e.g. `new ÷ old 1.104 (98% CI 1.09 … 1.12), 30 block pairs`. */
  subtitle: string;
  oldLabel: string;
  newLabel: string;
  width?: number;
  height?: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The 0.5% and 99.5% points, so one outlier does not squeeze both distributions into a bin. */
function range(values: readonly number[]): [number, number] {
  const s = [...values].sort((a, b) => a - b);
  return [s[Math.floor((s.length - 1) * 0.005)]!, s[Math.ceil((s.length - 1) * 0.995)]!];
}

export function latencyOverlaySvg(input: LatencyOverlayInput): string {
  const a = input.oldMs.filter(Number.isFinite);
  const b = input.newMs.filter(Number.isFinite);
  if (a.length === 0 || b.length === 0) throw new ConfigError('HIL_PLOT_NO_DATA', `latency overlay "${input.title}": no samples for one of the versions`);
  const width = input.width ?? 820;
  const height = input.height ?? 420;
  const [alo, ahi] = range(a);
  const [blo, bhi] = range(b);
  let lo = Math.min(alo, blo);
  let hi = Math.max(ahi, bhi);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const bins = Math.min(60, Math.max(12, Math.round(Math.sqrt(Math.max(a.length, b.length)))));
  const w = (hi - lo) / bins;
  const count = (xs: readonly number[]) => {
    const c = new Array<number>(bins).fill(0);
    for (const x of xs) if (x >= lo && x <= hi) c[Math.min(bins - 1, Math.floor((x - lo) / w))]! += 1;
    // As a share of the version's queries: the versions may have run different numbers of them.
    return c.map((n) => n / xs.length);
  };
  const ca = count(a);
  const cb = count(b);
  const axes = drawAxes({
    width,
    height,
    title: input.title,
    subtitle: input.subtitle,
    xLabel: 'latency (ms)',
    yLabel: 'share of queries',
    xRange: [lo, hi],
    yRange: [0, Math.max(...ca, ...cb)],
    yFromZero: true,
  });
  const body = [...axes.svg];
  const bars = (c: number[], color: string) =>
    c.forEach((share, i) => {
      if (share === 0) return;
      const x0 = axes.x(lo + i * w);
      const x1 = axes.x(lo + (i + 1) * w);
      body.push(rect(x0 + 0.5, axes.y(share), x1 - x0 - 1, axes.y(0) - axes.y(share), color, 'fill-opacity="0.45"'));
    });
  bars(ca, COLORS.secondary);
  bars(cb, COLORS.primary);
  const top = axes.area.top;
  const bottom = axes.area.top + axes.area.height;
  const ma = median(a);
  const mb = median(b);
  body.push(line(axes.x(Math.min(Math.max(ma, lo), hi)), top, axes.x(Math.min(Math.max(ma, lo), hi)), bottom, COLORS.secondary, 2, '6 3'));
  body.push(line(axes.x(Math.min(Math.max(mb, lo), hi)), top, axes.x(Math.min(Math.max(mb, lo), hi)), bottom, COLORS.primary, 2));
  body.push(
    ...legend(axes.area, [
      { label: `${input.oldLabel}: median ${fmt(ma)} ms (n = ${a.length})`, color: COLORS.secondary, dash: '6 3' },
      { label: `${input.newLabel}: median ${fmt(mb)} ms (n = ${b.length})`, color: COLORS.primary },
    ]),
  );
  return svgDocument(width, height, body);
}

export async function renderLatencyOverlay(input: LatencyOverlayInput): Promise<Buffer> {
  return svgToPng(latencyOverlaySvg(input));
}
