/**
 * The golden object classes: geometry only. Each shape is a polygon (or an ellipse) in image
 * pixels, so its bounding box is exact rather than estimated from the rendered pixels.
 */
import type { Rng } from './prng.js';

export const GOLDEN_CLASSES = ['circle', 'triangle', 'star', 'cross'] as const;
export type GoldenClass = (typeof GOLDEN_CLASSES)[number];

export type Geometry =
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number; rotation: number }
  | { kind: 'polygon'; points: Array<[number, number]> };

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Unit-sized outline of a class before rotation and scaling, centred on the origin. */
function unitPolygon(cls: Exclude<GoldenClass, 'circle'>, rng: Rng): Array<[number, number]> {
  if (cls === 'triangle') {
    // Jitter the corners so triangles are not all equilateral.
    return [0, 1, 2].map((i) => {
      const a = -Math.PI / 2 + (i * 2 * Math.PI) / 3 + rng.range(-0.18, 0.18);
      return [Math.cos(a), Math.sin(a)] as [number, number];
    });
  }
  if (cls === 'star') {
    const inner = rng.range(0.38, 0.5);
    const pts: Array<[number, number]> = [];
    for (let i = 0; i < 10; i += 1) {
      const r = i % 2 === 0 ? 1 : inner;
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      pts.push([r * Math.cos(a), r * Math.sin(a)]);
    }
    return pts;
  }
  const t = rng.range(0.28, 0.4) / 2;
  return [
    [-t, -1], [t, -1], [t, -t], [1, -t], [1, t], [t, t],
    [t, 1], [-t, 1], [-t, t], [-1, t], [-1, -t], [-t, -t],
  ];
}

/**
 * A shape of class `cls` whose bounding box has its longer side equal to `extent` pixels,
 * centred at (cx, cy).
 */
export function makeGeometry(cls: GoldenClass, cx: number, cy: number, extent: number, rng: Rng): Geometry {
  if (cls === 'circle') {
    const aspect = rng.range(0.85, 1.15);
    const r = extent / 2;
    return aspect >= 1
      ? { kind: 'ellipse', cx, cy, rx: r, ry: r / aspect, rotation: 0 }
      : { kind: 'ellipse', cx, cy, rx: r * aspect, ry: r, rotation: 0 };
  }
  const rot = rng.range(0, 2 * Math.PI);
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  const rotated = unitPolygon(cls, rng).map(([x, y]) => [x * cos - y * sin, x * sin + y * cos] as [number, number]);
  const b = boxOfPoints(rotated);
  const scale = extent / Math.max(b.w, b.h);
  const mx = b.x + b.w / 2;
  const my = b.y + b.h / 2;
  return { kind: 'polygon', points: rotated.map(([x, y]) => [cx + (x - mx) * scale, cy + (y - my) * scale]) };
}

function boxOfPoints(points: Array<[number, number]>): Box {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}

export function geometryBox(g: Geometry): Box {
  if (g.kind === 'ellipse') return { x: g.cx - g.rx, y: g.cy - g.ry, w: 2 * g.rx, h: 2 * g.ry };
  return boxOfPoints(g.points);
}

export function translateGeometry(g: Geometry, dx: number, dy: number): Geometry {
  if (g.kind === 'ellipse') return { ...g, cx: g.cx + dx, cy: g.cy + dy };
  return { kind: 'polygon', points: g.points.map(([x, y]) => [x + dx, y + dy]) };
}

export function geometrySvg(g: Geometry, attrs: string): string {
  if (g.kind === 'ellipse') {
    return `<ellipse cx="${f(g.cx)}" cy="${f(g.cy)}" rx="${f(g.rx)}" ry="${f(g.ry)}" ${attrs}/>`;
  }
  return `<polygon points="${g.points.map(([x, y]) => `${f(x)},${f(y)}`).join(' ')}" ${attrs}/>`;
}

/** Fixed precision keeps the SVG text (and so the pixels) identical across runs and platforms. */
export function f(v: number): string {
  return v.toFixed(2);
}
