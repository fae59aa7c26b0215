/** Display formats shared by the table renderers; null is always "not measured", never 0. */
import { NOT_MEASURED } from '../allure/check-description.js';

export { NOT_MEASURED };

export function fixed(v: number | null, digits: number): string {
  return v === null ? NOT_MEASURED : v.toFixed(digits);
}

/** 0.7731 → "77.3" (mAP as a percentage, as the seed's tables show it). */
export function percentOfOne(v: number | null): string {
  return v === null ? NOT_MEASURED : (v * 100).toFixed(1);
}

export function milliseconds(v: number | null): string {
  return v === null ? NOT_MEASURED : v.toFixed(v >= 100 ? 0 : 2);
}

export function megabytes(v: number | null): string {
  return v === null ? NOT_MEASURED : v.toFixed(v >= 10 ? 1 : 2);
}

/** 1.234e9 → "1.23 G". */
export function macs(v: number | null): string {
  if (v === null) return NOT_MEASURED;
  if (v >= 1e9) return `${(v / 1e9).toFixed(2)} G`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)} M`;
  return String(Math.round(v));
}

/** A signed change: +12.3% / −4.5% (true minus sign, as in print). */
export function signedPercent(v: number): string {
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  return `${sign}${Math.abs(v).toFixed(1)}%`;
}
