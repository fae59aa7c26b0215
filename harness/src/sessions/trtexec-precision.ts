/**
 * The engine precision of a model row on a GPU target: the row's own (`vgg@fp16`), else FP32, or
 * INT8 for an explicitly quantized (Q/DQ) model, which TensorRT only builds with INT8 enabled.
 * INT8 of an FP32 model needs the calibration cache made for the board's TensorRT, shipped next
 * to the model (`calibration/<model>.trt-<version>.calib`): a missing or foreign one is an error
 * naming the file, never TensorRT's silent placeholder ranges (meaningless accuracy).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { isExplicitlyQuantized } from '../onnx/expose-activations.js';
import { readOnnxFile } from '../onnx/read-onnx.js';
import { cacheMismatch, calibrationCacheName, parseCalibrationCache } from '../quantize/calibration-cache.js';
import { splitPrecision, type Precision } from '../results/precision.js';
import type { EnginePrecision, TrtexecTool } from '../runners/trtexec-runner.js';
import type { ResolvedModel } from './device-session.js';

const quantized = new Map<string, Promise<boolean>>();

function explicitlyQuantized(file: string): Promise<boolean> {
  let known = quantized.get(file);
  if (!known) {
    known = readOnnxFile(file).then((onnx) => isExplicitlyQuantized(onnx.model));
    quantized.set(file, known);
  }
  return known;
}

/** The precision a row runs at: its own, else INT8 for an explicitly quantized model, else FP32. */
export async function rowPrecision(model: ResolvedModel): Promise<Precision> {
  return model.spec.precision ?? ((await explicitlyQuantized(model.filePath)) ? 'int8' : 'fp32');
}

export async function enginePrecision(model: ResolvedModel, tool: () => Promise<TrtexecTool>): Promise<EnginePrecision> {
  const qdq = await explicitlyQuantized(model.filePath);
  const precision = await rowPrecision(model);
  if (precision !== 'int8' || qdq) return { precision };
  const { version } = await tool();
  const base = splitPrecision(model.spec.name).model;
  if (!version) {
    throw new ConfigError('HIL_CALIBRATION_MISSING', `${base}: INT8 needs a calibration cache made for the board's TensorRT, and its trtexec does not print its version (TensorRT 7?)`, { where: model.filePath });
  }
  const file = path.join(path.dirname(model.filePath), 'calibration', calibrationCacheName(base, version));
  if (!existsSync(file)) {
    throw new ConfigError('HIL_CALIBRATION_MISSING', `${base}: no INT8 calibration cache for TensorRT ${version}: ${file} is missing`, {
      where: file,
      hint: `make it from training pictures: npx hil models calibrate ${base} --images <folder> --trt ${version}`,
    });
  }
  const mismatch = cacheMismatch(parseCalibrationCache(readFileSync(file, 'utf8'), file), version);
  if (mismatch) throw new ConfigError('HIL_CALIBRATION_MISMATCH', `${file}: ${mismatch}`, { where: file });
  return { precision, calibrationCache: file };
}
