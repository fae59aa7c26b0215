/**
 * TensorRT's INT8 calibration cache (what `trtexec --calib=<file>` reads), as text:
 *   TRT-<version code>-EntropyCalibration2
 *   <tensor name>: <8 hex digits, the IEEE-754 bits of the FP32 scale>
 * The version code is TensorRT's NV_TENSORRT_VERSION: major·1000 + minor·100 + patch before 10
 * (8.5.2 → 8502), major·10000 + minor·100 + patch from 10 on (10.3.0 → 100300). TensorRT ignores a
 * cache whose code is not its own and calibrates again, with random data under trtexec, silently:
 * so hil checks the header against the board's TensorRT itself. Pure (no IO).
 */
import { ConfigError } from '../errors.js';

export const CALIBRATION_ALGORITHM = 'EntropyCalibration2';

export function trtVersionCode(version: string): number {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new ConfigError('HIL_TRT_VERSION_INVALID', `TensorRT version "${version}": expected MAJOR.MINOR.PATCH, e.g. 8.5.2`);
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  return major >= 10 ? major * 10000 + minor * 100 + patch : major * 1000 + minor * 100 + patch;
}

/** The file name hil gives a model's cache for one TensorRT version (next to the model, under calibration/). */
export function calibrationCacheName(model: string, trtVersion: string): string {
  return `${model}.trt-${trtVersion}.calib`;
}

export function scaleToHex(scale: number): string {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, scale, false);
  return view.getUint32(0, false).toString(16).padStart(8, '0');
}

export function hexToScale(hex: string): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, Number.parseInt(hex, 16), false);
  return view.getFloat32(0, false);
}

export interface CalibrationCache {
  versionCode: number;
  algorithm: string;
  /** Tensor name → scale, in file order. */
  scales: Map<string, number>;
}

export function formatCalibrationCache(trtVersion: string, scales: ReadonlyMap<string, number>): string {
  const lines = [`TRT-${trtVersionCode(trtVersion)}-${CALIBRATION_ALGORITHM}`];
  for (const [name, scale] of scales) lines.push(`${name}: ${scaleToHex(scale)}`);
  return `${lines.join('\n')}\n`;
}

/** Parses a cache; anything malformed is a ConfigError naming the file and the line. */
export function parseCalibrationCache(text: string, file: string): CalibrationCache {
  const lines = text.split('\n').filter((line, i, all) => line.length > 0 || i < all.length - 1);
  const header = /^TRT-(\d+)-(\w+)$/.exec(lines[0]?.trim() ?? '');
  if (!header) {
    throw new ConfigError('HIL_CALIBRATION_INVALID', `${file}:1: not a TensorRT calibration cache: expected a header like "TRT-8502-${CALIBRATION_ALGORITHM}", got "${(lines[0] ?? '').slice(0, 60)}"`, { where: file });
  }
  const scales = new Map<string, number>();
  lines.slice(1).forEach((line, i) => {
    // Tensor names may contain ':' (e.g. "/model/c1/Conv_output_0" does not, but TF-style "x:0" does): split at the last ": ".
    const at = line.lastIndexOf(': ');
    const hex = at >= 0 ? line.slice(at + 2).trim() : '';
    if (at <= 0 || !/^[0-9a-fA-F]{8}$/.test(hex)) {
      throw new ConfigError('HIL_CALIBRATION_INVALID', `${file}:${i + 2}: expected "<tensor name>: <8 hex digits>", got "${line.slice(0, 80)}"`, { where: file });
    }
    scales.set(line.slice(0, at), hexToScale(hex));
  });
  return { versionCode: Number(header[1]), algorithm: header[2]!, scales };
}

/** Why a cache cannot be used with a board's TensorRT, or null when it can. */
export function cacheMismatch(cache: CalibrationCache, trtVersion: string): string | null {
  const expected = trtVersionCode(trtVersion);
  if (cache.versionCode !== expected) {
    return `made for TensorRT code ${cache.versionCode}, the board has ${trtVersion} (code ${expected}): TensorRT would ignore it and calibrate on random data`;
  }
  return null;
}
