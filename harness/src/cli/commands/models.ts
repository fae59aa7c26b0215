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
}
