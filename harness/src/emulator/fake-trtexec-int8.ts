/**
 * The emulated trtexec's `--int8` build. An explicitly quantized (Q/DQ) model runs as it is; an
 * FP32 model gets Q/DQ at its weighted layers' inputs from the `--calib` cache when the cache is
 * this TensorRT's; otherwise TensorRT would calibrate again with random data, silently (a cache of
 * another version is ignored, a missing one too), so the emulator uses placeholder scales (1/127,
 * range ±1) and the accuracy is as meaningless as the real board's would be. Silent like TensorRT:
 * catching a wrong cache is hil's job (quantize/calibration-cache.ts cacheMismatch).
 */
import { existsSync, readFileSync } from 'node:fs';
import { decodeOnnx } from '../onnx/read-onnx.js';
import { isExplicitlyQuantized } from '../onnx/expose-activations.js';
import { parseCalibrationCache } from '../quantize/calibration-cache.js';
import { insertQdq, weightedLayerInputs } from '../quantize/insert-qdq.js';

export interface Int8Build {
  onnx: Uint8Array;
  kind: 'qdq' | 'calibrated' | 'dummy';
  log: string[];
}

export function int8Model(onnx: Uint8Array, calibFile: string | undefined, trtCode: number): Int8Build {
  const model = decodeOnnx(onnx, 'model');
  if (isExplicitlyQuantized(model)) return { onnx, kind: 'qdq', log: [] };
  if (calibFile && existsSync(calibFile)) {
    try {
      const cache = parseCalibrationCache(readFileSync(calibFile, 'utf8'), calibFile);
      if (cache.versionCode === trtCode) return { onnx: insertQdq(model, cache.scales).bytes, kind: 'calibrated', log: [] };
    } catch {
      // An unreadable cache is no cache: TensorRT calibrates again.
    }
  }
  const placeholder = new Map([...weightedLayerInputs(model.graph!)].map((name) => [name, 1 / 127]));
  return { onnx: insertQdq(model, placeholder).bytes, kind: 'dummy', log: [] };
}
