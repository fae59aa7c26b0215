/**
 * `hil models inspect [NAME|FILE] [--json] [--manifest PATH]`. Argument parsing only; the work is
 * `inspectModels` in `onnx/inspect-models.ts`.
 */
import type { Command } from 'commander';
import { EXIT_CODES } from '../../errors.js';
import { formatInspection, formatInspectionSummary } from '../../onnx/format-inspection.js';
import { inspectionJson } from '../../onnx/inspect-model.js';
import { inspectModels } from '../../onnx/inspect-models.js';
import path from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import type { SetExitCode } from '../set-exit-code.js';
import { calibrateModels } from '../../quantize/calibrate-models.js';

interface CalibrateFlags {
  images: string;
  count: string;
  trt: string[];
  outDir?: string;
  manifest?: string;
  json?: boolean;
}

interface InspectFlags {
  json?: boolean;
  manifest?: string;
}

export function registerModels(program: Command, setExitCode: SetExitCode): void {
  const models = program.command('models').description('ONNX models and the model manifest');
  models
    .command('inspect')
    .description(
      'parameters, MACs per layer and in total, file size, opset, inputs and outputs of ONNX models. ' +
        'MACs count Conv, ConvTranspose, Gemm and MatMul multiply-accumulates only (bias, activations, ' +
        'pooling and elementwise ops are free), for one image (a symbolic batch counts as 1)',
    )
    .argument('[model]', 'an .onnx file, or a model name from the manifest (default: every model in it)')
    .option('--json', 'print {"models":[{"name","file","params","nodes","macs","sizeMB","opset","inputs","outputs","layers"}]}')
    .option('--manifest <path>', "model manifest for name look-ups (default: the project's, golden/models/manifest.yaml at its root)")
    .action(async (model: string | undefined, flags: InspectFlags) => {
      // The project's manifest, found from the project root like every command (not from the current folder).
      const config = flags.manifest ? null : await loadConfig();
      const manifest = flags.manifest ?? path.resolve(config!.rootDir, config!.manifest);
      const inspections = await inspectModels(model, { manifest });
      const text = flags.json
        ? JSON.stringify({ models: inspections.map(inspectionJson) })
        : [...(inspections.length > 1 ? [formatInspectionSummary(inspections)] : []), ...inspections.map(formatInspection)].join('\n\n');
      process.stdout.write(`${text}\n`);
      setExitCode(EXIT_CODES.ok);
    });

  models
    .command('calibrate')
    .description(
      "INT8 calibration caches in TensorRT's format (EntropyCalibration2, what trtexec --calib reads) from real pictures " +
        "through hil's preprocessing: one file per model and TensorRT version, <out-dir>/<model>.trt-<version>.calib",
    )
    .argument('[models...]', 'model names from the manifest (default: every model that is not explicitly quantized)')
    .requiredOption('--images <dir>', 'pictures to calibrate on: a dataset folder (annotations.json order) or any folder of .jpg/.png (sorted)')
    .option('--count <n>', 'use the first N pictures', '500')
    .option('--trt <version...>', 'TensorRT version(s) of the boards, e.g. 8.5.2 10.3.0 (a cache is only used by its own version)', [])
    .option('--out-dir <dir>', 'where the caches go (default: calibration/ next to the manifest)')
    .option('--manifest <path>', "model manifest (default: the project's)")
    .option('--json', 'print {"models":[{"model","pictures","tensors","allZero","files","seconds"}]}')
    .action(async (names: string[], flags: CalibrateFlags) => {
      const config = flags.manifest ? null : await loadConfig();
      const manifest = flags.manifest ?? path.resolve(config!.rootDir, config!.manifest);
      const count = Number(flags.count);
      if (!Number.isInteger(count) || count < 1) {
        process.stderr.write(`hil: --count: expected a whole number >= 1, got "${flags.count}"\n`);
        setExitCode(EXIT_CODES.config);
        return;
      }
      const done = await calibrateModels({
        manifest,
        models: names,
        images: flags.images,
        count,
        trtVersions: flags.trt,
        ...(flags.outDir ? { outDir: flags.outDir } : {}),
        onModel: (model, event) => {
          if (flags.json) return;
          if ('skipped' in event) process.stderr.write(`${model}: skipped: ${event.skipped}\n`);
          else process.stderr.write(`${model}: ${event.tensors} tensors on ${event.pictures} pictures in ${event.seconds.toFixed(1)} s -> ${event.files.map((f) => path.relative(process.cwd(), f)).join(', ')}\n`);
        },
      });
      if (flags.json) process.stdout.write(`${JSON.stringify({ models: done })}\n`);
      setExitCode(EXIT_CODES.ok);
    });
}
