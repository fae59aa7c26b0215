/**
 * Fills for objects and clutter: flat colours, gradients, stripes, dots and checks, so that a class
 * cannot be told apart by colour or texture alone, only by shape.
 */
import type { Rng } from './prng.js';

export interface Paint {
  /** SVG `<defs>` content this paint needs (may be empty). */
  defs: string;
  /** Value for a `fill` attribute. */
  fill: string;
}

export function hslToHex(h: number, s: number, l: number): string {
  const k = (n: number): number => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number): string => {
    const v = l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
    return Math.round(Math.max(0, Math.min(1, v)) * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** A vivid colour for objects. */
export function objectColor(rng: Rng): string {
  return hslToHex(rng.range(0, 360), rng.range(0.45, 1), rng.range(0.25, 0.75));
}

/** A duller colour for backgrounds and clutter. */
export function clutterColor(rng: Rng): string {
  return hslToHex(rng.range(0, 360), rng.range(0.05, 0.6), rng.range(0.15, 0.85));
}

/** A paint with a fresh id; `color` draws the colours so objects and clutter differ in palette. */
export function makePaint(rng: Rng, id: string, color: (rng: Rng) => string, scale: number): Paint {
  const c1 = color(rng);
  const c2 = color(rng);
  const kind = rng.pick(['solid', 'solid', 'linear', 'radial', 'stripes', 'dots', 'checks'] as const);
  const size = Math.max(3, scale * rng.range(0.08, 0.25)).toFixed(1);
  const angle = rng.range(0, 180).toFixed(0);
  switch (kind) {
    case 'solid':
      return { defs: '', fill: c1 };
    case 'linear':
      return {
        defs: `<linearGradient id="${id}" gradientTransform="rotate(${angle} .5 .5)"><stop offset="0" stop-color="${c1}"/><stop offset="1" stop-color="${c2}"/></linearGradient>`,
        fill: `url(#${id})`,
      };
    case 'radial':
      return {
        defs: `<radialGradient id="${id}"><stop offset="0" stop-color="${c1}"/><stop offset="1" stop-color="${c2}"/></radialGradient>`,
        fill: `url(#${id})`,
      };
    case 'stripes':
      return {
        defs: `<pattern id="${id}" width="${size}" height="${size}" patternUnits="userSpaceOnUse" patternTransform="rotate(${angle})"><rect width="${size}" height="${size}" fill="${c1}"/><rect width="${(Number(size) / 2).toFixed(1)}" height="${size}" fill="${c2}"/></pattern>`,
        fill: `url(#${id})`,
      };
    case 'dots':
      return {
        defs: `<pattern id="${id}" width="${size}" height="${size}" patternUnits="userSpaceOnUse"><rect width="${size}" height="${size}" fill="${c1}"/><circle cx="${(Number(size) / 2).toFixed(1)}" cy="${(Number(size) / 2).toFixed(1)}" r="${(Number(size) / 4).toFixed(1)}" fill="${c2}"/></pattern>`,
        fill: `url(#${id})`,
      };
    case 'checks': {
      const half = (Number(size) / 2).toFixed(1);
      return {
        defs: `<pattern id="${id}" width="${size}" height="${size}" patternUnits="userSpaceOnUse" patternTransform="rotate(${angle})"><rect width="${size}" height="${size}" fill="${c1}"/><rect width="${half}" height="${half}" fill="${c2}"/><rect x="${half}" y="${half}" width="${half}" height="${half}" fill="${c2}"/></pattern>`,
        fill: `url(#${id})`,
      };
    }
  }
}
