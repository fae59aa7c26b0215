/**
 * Plans one golden picture: a cluttered textured background, 1-7 objects of mixed sizes that may
 * partly hide each other, optional foreground occluders, and the noise/blur to apply. Pure: the
 * plan is a function of the random stream only; `render-scene.ts` turns it into pixels.
 */
import { makePaint, objectColor, clutterColor, type Paint } from './paint.js';
import type { Rng } from './prng.js';
import { GOLDEN_CLASSES, f, geometryBox, geometrySvg, makeGeometry, type Box, type Geometry, type GoldenClass } from './shapes.js';

export interface SceneObject {
  cls: GoldenClass;
  /** COCO category id (index in GOLDEN_CLASSES + 1). */
  categoryId: number;
  geometry: Geometry;
  paint: Paint;
  stroke: { color: string; width: number } | null;
  box: Box;
}

export interface Scene {
  width: number;
  height: number;
  /** SVG for everything behind the objects (defs included). */
  backgroundSvg: string;
  objects: SceneObject[];
  /** SVG drawn over the objects: partial occluders. */
  foregroundSvg: string;
  noiseSigma: number;
  blurSigma: number;
}

/**
 * Longer bbox side in pixels for a 256-pixel picture: about 30% small (area < 32²), 45% medium,
 * 25% large (area > 96²). Scaled with the picture size.
 */
export function drawExtent(rng: Rng, imageSide: number): number {
  const k = imageSide / 256;
  const u = rng.next();
  if (u < 0.3) return rng.range(16, 30) * k;
  if (u < 0.75) return rng.range(36, 90) * k;
  return rng.range(104, 168) * k;
}

function intersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** At most this share of an earlier object may be hidden by a later one. */
const MAX_HIDDEN = 0.3;

export function planBackground(rng: Rng, width: number, height: number): string {
  const parts: string[] = [];
  const defs: string[] = [];
  const base = makePaint(rng, 'bg', clutterColor, Math.max(width, height) * 2);
  defs.push(base.defs);
  parts.push(`<rect width="${width}" height="${height}" fill="${base.fill}"/>`);
  const n = rng.int(12, 40);
  for (let i = 0; i < n; i += 1) {
    const x = rng.range(-20, width);
    const y = rng.range(-20, height);
    const kind = rng.pick(['rect', 'rect', 'line', 'curve', 'curve'] as const);
    const opacity = rng.range(0.25, 0.9).toFixed(2);
    if (kind === 'rect') {
      const w = rng.range(8, width * 0.5);
      const h = rng.range(4, height * 0.3);
      const p = makePaint(rng, `c${i}`, clutterColor, Math.max(w, h));
      defs.push(p.defs);
      parts.push(`<rect x="${f(x)}" y="${f(y)}" width="${f(w)}" height="${f(h)}" fill="${p.fill}" opacity="${opacity}" transform="rotate(${rng.range(-30, 30).toFixed(1)} ${f(x)} ${f(y)})"/>`);
    } else if (kind === 'line') {
      parts.push(`<line x1="${f(x)}" y1="${f(y)}" x2="${f(x + rng.range(-width, width))}" y2="${f(y + rng.range(-height, height))}" stroke="${clutterColor(rng)}" stroke-width="${rng.range(1, 5).toFixed(1)}" opacity="${opacity}"/>`);
    } else {
      const pts = [0, 1, 2].map(() => `${f(rng.range(0, width))} ${f(rng.range(0, height))}`);
      parts.push(`<path d="M${f(x)} ${f(y)} Q${pts[0]} ${pts[1]} T${pts[2]}" fill="none" stroke="${clutterColor(rng)}" stroke-width="${rng.range(1, 6).toFixed(1)}" opacity="${opacity}"/>`);
    }
  }
  return `<defs>${defs.join('')}</defs>${parts.join('')}`;
}

export function planObject(rng: Rng, id: string, cls: GoldenClass, cx: number, cy: number, extent: number): SceneObject {
  const geometry = makeGeometry(cls, cx, cy, extent, rng);
  return {
    cls,
    categoryId: GOLDEN_CLASSES.indexOf(cls) + 1,
    geometry,
    paint: makePaint(rng, id, objectColor, extent),
    stroke: rng.chance(0.5) ? { color: rng.chance(0.5) ? '#101010' : '#f0f0f0', width: Math.max(1, extent * rng.range(0.02, 0.06)) } : null,
    box: geometryBox(geometry),
  };
}

export function objectSvg(o: SceneObject): string {
  const stroke = o.stroke ? ` stroke="${o.stroke.color}" stroke-width="${o.stroke.width.toFixed(2)}"` : '';
  return `<defs>${o.paint.defs}</defs>${geometrySvg(o.geometry, `fill="${o.paint.fill}"${stroke}`)}`;
}

/** Places objects inside the picture so that none hides more than MAX_HIDDEN of an earlier one. */
export function planObjects(rng: Rng, width: number, height: number, maxObjects: number): SceneObject[] {
  const objects: SceneObject[] = [];
  const wanted = rng.int(1, maxObjects);
  for (let i = 0; i < wanted; i += 1) {
    const cls = rng.pick(GOLDEN_CLASSES);
    const extent = drawExtent(rng, Math.min(width, height));
    for (let attempt = 0; attempt < 25; attempt += 1) {
      const half = extent / 2 + 2;
      const cx = rng.range(half, width - half);
      const cy = rng.range(half, height - half);
      const candidate = planObject(rng, `o${i}`, cls, cx, cy, extent);
      const ok = objects.every((o) => {
        const inter = intersection(o.box, candidate.box);
        return inter <= MAX_HIDDEN * o.box.w * o.box.h && inter <= 0.5 * candidate.box.w * candidate.box.h;
      });
      if (ok) {
        objects.push(candidate);
        break;
      }
    }
  }
  return objects;
}

/** Bars that hide up to ~30% of some objects from one side (partial occlusion). */
export function planOccluders(rng: Rng, objects: SceneObject[]): string {
  const parts: string[] = [];
  objects.forEach((o, i) => {
    if (!rng.chance(0.2)) return;
    const share = rng.range(0.12, 0.3);
    const b = o.box;
    const p = makePaint(rng, `occ${i}`, clutterColor, Math.max(b.w, b.h));
    const side = rng.int(0, 3);
    const r =
      side === 0 ? { x: b.x - 4, y: b.y - 4, w: b.w * share + 4, h: b.h + 8 }
      : side === 1 ? { x: b.x + b.w * (1 - share), y: b.y - 4, w: b.w * share + 4, h: b.h + 8 }
      : side === 2 ? { x: b.x - 4, y: b.y - 4, w: b.w + 8, h: b.h * share + 4 }
      : { x: b.x - 4, y: b.y + b.h * (1 - share), w: b.w + 8, h: b.h * share + 4 };
    parts.push(`<defs>${p.defs}</defs><rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}" fill="${p.fill}"/>`);
  });
  return parts.join('');
}

export function planScene(rng: Rng, width: number, height: number, maxObjects = 7): Scene {
  const backgroundSvg = planBackground(rng, width, height);
  const objects = planObjects(rng, width, height, maxObjects);
  const foregroundSvg = planOccluders(rng, objects);
  return {
    width,
    height,
    backgroundSvg,
    objects,
    foregroundSvg,
    noiseSigma: rng.chance(0.8) ? rng.range(2, 14) : 0,
    blurSigma: rng.chance(0.5) ? rng.range(0.4, 1.4) : 0,
  };
}
