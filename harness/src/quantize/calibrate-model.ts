/**
 * Entropy calibration of one FP32 ONNX model on real pictures, for TensorRT's INT8: every FP32
 * activation is exposed as an output, the pictures go through hil's own preprocessing (the
 * manifest's input spec, so the scales fit what the board will be fed), pass 1 finds each
 * tensor's |x| range, pass 2 fills its 2048-bin histogram, and the KL-optimal threshold / 127 is
 * its scale. Deterministic: same model, pictures and order give the same scales, bit for bit.
 */
import { loadOrt } from '../engine/ort-session.js';
import { ConfigError } from '../errors.js';
import type { InputSpec } from '../inference/model-spec.js';
import { preprocessImage } from '../inference/preprocess.js';
import { absMax, addToHistogram, entropyThreshold, HISTOGRAM_BINS } from '../metrics/entropy-calibration.js';
import { exposeActivations, isExplicitlyQuantized } from '../onnx/expose-activations.js';
import { readOnnxFile } from '../onnx/read-onnx.js';

export interface CalibrationResult {
  /** Tensor name → scale (threshold / 127), inputs first, then activations in graph order. */
  scales: Map<string, number>;
  pictures: number;
  tensors: number;
  /** Tensors that never saw a non-zero value (scale 0 would divide by zero on the board): given the smallest normal FP32 scale. */
  allZero: string[];
}

export interface CalibrateOptions {
  onProgress?: (pass: 1 | 2, done: number, total: number) => void;
}

export async function calibrateModel(modelFile: string, input: InputSpec, pictures: readonly string[], options: CalibrateOptions = {}): Promise<CalibrationResult> {
  const onnx = await readOnnxFile(modelFile);
  if (isExplicitlyQuantized(onnx.model)) {
    throw new ConfigError('HIL_CALIBRATION_NOT_NEEDED', `${modelFile}: explicitly quantized (QuantizeLinear/DequantizeLinear): TensorRT takes its scales from the model, a calibration cache is not used`, { where: modelFile });
  }
  if (pictures.length === 0) throw new ConfigError('HIL_CALIBRATION_NO_PICTURES', 'calibration needs at least one picture', { where: 'images' });
  const exposed = exposeActivations(onnx.model);
  if (!exposed.inputs.includes(input.name)) {
    throw new ConfigError('HIL_INPUT_MISSING', `${modelFile}: no input "${input.name}"; it has: ${exposed.inputs.join(', ')}`, { where: 'input.name' });
  }
  const ort = await loadOrt();
  // One thread and sequential execution: the activations, and so the scales, do not depend on the machine's core count.
  const session = await ort.InferenceSession.create(exposed.bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'disabled' });
  const [, c, h, w] = input.shape;
  const buffer = new Float32Array(c * h * w);
  const fetched = exposed.tensors.filter((name) => name !== input.name);
  const forEachActivation = async (pass: 1 | 2, visit: (name: string, values: Float32Array) => void) => {
    for (let i = 0; i < pictures.length; i += 1) {
      await preprocessImage(pictures[i]!, i + 1, input, buffer);
      visit(input.name, buffer);
      const outputs = await session.run({ [input.name]: new ort.Tensor('float32', buffer, [1, c, h, w]) }, fetched);
      for (const name of fetched) {
        const tensor = outputs[name];
        if (tensor?.type === 'float32') visit(name, tensor.data as Float32Array);
        tensor?.dispose();
      }
      options.onProgress?.(pass, i + 1, pictures.length);
    }
  };
  try {
    const ranges = new Map<string, number>();
    await forEachActivation(1, (name, values) => ranges.set(name, absMax(values, ranges.get(name) ?? 0)));
    const histograms = new Map<string, Float64Array>();
    for (const name of ranges.keys()) histograms.set(name, new Float64Array(HISTOGRAM_BINS));
    await forEachActivation(2, (name, values) => addToHistogram(histograms.get(name)!, values, ranges.get(name)!));
    const scales = new Map<string, number>();
    const allZero: string[] = [];
    for (const name of exposed.tensors) {
      const amax = ranges.get(name);
      if (amax === undefined) continue;
      const { scale } = entropyThreshold(histograms.get(name)!, amax);
      if (scale > 0) scales.set(name, scale);
      else {
        allZero.push(name);
        scales.set(name, 1.1754943508222875e-38);
      }
    }
    return { scales, pictures: pictures.length, tensors: scales.size, allZero };
  } finally {
    await session.release();
  }
}
