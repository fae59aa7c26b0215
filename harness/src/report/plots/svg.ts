/**
 * Small SVG toolkit for the report plots: scales, "nice" ticks, escaping and the PNG conversion.
 * Plots are drawn as SVG text and rasterised by sharp (librsvg), so no chart library and no
 * browser are needed; labels use DejaVu Sans, which Debian's fonts-dejavu-core installs.
 */
import sharp from 'sharp';

export const FONT = 'DejaVu Sans, sans-serif';

export const COLORS = {
  axis: '#333333',
  grid: '#e3e3e3',
  text: '#222222',
  muted: '#666666',
  primary: '#3b6fb6',
  secondary: '#e08a2c',
  good: '#2e8b57',
  bad: '#c0392b',
  window: '#3b6fb6',
} as const;

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Maps a data range onto a pixel range (either direction). */
export function linearScale(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Ticks at 1, 2 or 5 × 10^k covering [min, max]; returns the widened domain too. */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; domain: [number, number] } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [0, 1], domain: [0, 1] };
  if (max === min) {
    const pad = Math.abs(max) > 0 ? Math.abs(max) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(roundTo(v, step));
  return { ticks, domain: [start, end] };
}

function roundTo(v: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(decimals));
}

/** Compact tick label: no trailing zeros, at most 3 significant decimals. */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1000) return v.toFixed(0);
  return String(Number(v.toPrecision(4)));
}

export interface Text {
  x: number;
  y: number;
  text: string;
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  color?: string;
  weight?: 'normal' | 'bold';
  rotate?: number;
}

export function text(t: Text): string {
  const rotate = t.rotate ? ` transform="rotate(${t.rotate} ${t.x} ${t.y})"` : '';
  return (
    `<text x="${t.x.toFixed(1)}" y="${t.y.toFixed(1)}" font-family="${FONT}" font-size="${t.size ?? 12}"` +
    ` text-anchor="${t.anchor ?? 'start'}" fill="${t.color ?? COLORS.text}"` +
    ` font-weight="${t.weight ?? 'normal'}"${rotate}>${escapeXml(t.text)}</text>`
  );
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1, dash?: string): string {
  const d = dash ? ` stroke-dasharray="${dash}"` : '';
  return `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${stroke}" stroke-width="${width}"${d}/>`;
}

export function rect(x: number, y: number, w: number, h: number, fill: string, extra = ''): string {
  return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, w).toFixed(1)}" height="${Math.max(0, h).toFixed(1)}" fill="${fill}" ${extra}/>`;
}

export function svgDocument(width: number, height: number, body: string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${body.join('')}</svg>`
  );
}

/** Rasterises an SVG string to PNG. */
export async function svgToPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A measured value for labels: 3 significant figures, at most 2 decimals. */
export function formatNumber(v: number): string {
  const abs = Math.abs(v);
  return abs >= 100 ? v.toFixed(0) : abs >= 10 ? v.toFixed(1) : v.toFixed(2);
}
