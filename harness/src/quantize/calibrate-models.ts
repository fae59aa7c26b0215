/**
 * `hil models calibrate` as a plain function: for each named manifest model (default: every FP32
 * one), entropy-calibrate on the pictures and write one TensorRT calibration cache per TensorRT
 * version to `<out>/<model>.trt-<version>.calib` (atomically: a failed run leaves the old files).
 * The scales are computed once per model; each version only gets its own header.
 */
import path from 'node:path';
import { loadManifest, type LoadedModelSpec } from '../config/load-manifest.js';
import { listPictures } from '../datasets/list-pictures.js';
import { ConfigError } from '../errors.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { isExplicitlyQuantized } from '../onnx/expose-activations.js';
import { readOnnxFile } from '../onnx/read-onnx.js';
import { calibrateModel } from './calibrate-model.js';
import { calibrationCacheName, formatCalibrationCache, trtVersionCode } from './calibration-cache.js';

export interface CalibrateModelsOptions {
  manifest: string;
  models: string[];
  images: string;
  count: number;
  trtVersions: string[];
  outDir?: string;
  onModel?: (model: string, event: CalibratedModel | { skipped: string }) => void;
}

export interface CalibratedModel {
  model: string;
  pictures: number;
  tensors: number;
  allZero: string[];
  files: string[];
  seconds: number;
}

export async function calibrateModels(options: CalibrateModelsOptions): Promise<CalibratedModel[]> {
  if (options.trtVersions.length === 0) {
    throw new ConfigError('HIL_TRT_VERSION_MISSING', 'name the TensorRT version(s) the caches are for with --trt (e.g. --trt 8.5.2 --trt 10.3.0): TensorRT ignores a cache made for another version', { where: '--trt' });
  }
  for (const version of options.trtVersions) trtVersionCode(version);
  const manifest = await loadManifest(options.manifest);
  const unknown = options.models.filter((name) => !manifest.some((m) => m.name === name));
  if (unknown.length > 0) {
    throw new ConfigError('HIL_MODEL_UNKNOWN', `${options.manifest}: no model named ${unknown.join(', ')}; it has ${manifest.map((m) => m.name).join(', ')}`, { where: options.manifest });
  }
  const chosen: LoadedModelSpec[] = options.models.length > 0 ? options.models.map((name) => manifest.find((m) => m.name === name)!) : manifest;
  const pictures = await listPictures(options.images, options.count);
  const outDir = options.outDir ?? path.join(path.dirname(options.manifest), 'calibration');
  const done: CalibratedModel[] = [];
  for (const model of chosen) {
    if (isExplicitlyQuantized((await readOnnxFile(model.filePath)).model)) {
      // Named explicitly, it is an error (calibrateModel says why); in "every model" it is skipped.
      if (options.models.length === 0) {
        options.onModel?.(model.name, { skipped: 'explicitly quantized (Q/DQ): TensorRT reads its scales from the model' });
        continue;
      }
    }
    const started = performance.now();
    const result = await calibrateModel(model.filePath, model.input, pictures);
    const files: string[] = [];
    for (const version of options.trtVersions) {
      const file = path.join(outDir, calibrationCacheName(model.name, version));
      await writeFileAtomic(file, formatCalibrationCache(version, result.scales));
      files.push(file);
    }
    const calibrated = { model: model.name, pictures: result.pictures, tensors: result.tensors, allZero: result.allZero, files, seconds: (performance.now() - started) / 1000 };
    options.onModel?.(model.name, calibrated);
    done.push(calibrated);
  }
  return done;
}
