/**
 * Does a model's input shape agree with what its manifest says? Used before deploying or running a
 * model so a mismatch is a config error (exit 3) instead of an onnxruntime failure on the board.
 */
import { ConfigError } from '../errors.js';
import { realInputs } from './infer-shapes.js';
import { describeValue, type DeclaredDim } from './inspect-model.js';
import { readOnnxFile } from './read-onnx.js';

export interface InputShapeCheck {
  ok: boolean;
  /** The ONNX input that was compared (the named one, else the first real input). */
  inputName: string;
  /** Its shape as the file declares it (symbolic dims as names, open dims as null). */
  actual: DeclaredDim[] | null;
  expected: number[];
  /** Why it does not match; absent when ok. */
  reason?: string;
}

/**
 * Compares dim by dim. An expected -1 accepts anything; a symbolic or open dim in the model accepts
 * any expected size (the model is dynamic there).
 */
export function compareInputShape(actual: DeclaredDim[] | null, expected: readonly number[]): string | undefined {
  if (actual === null) return undefined;
  if (actual.length !== expected.length) return `rank ${actual.length} (${formatDims(actual)}) but expected rank ${expected.length} (${formatDims(expected)})`;
  const wrong = actual.findIndex((dim, i) => typeof dim === 'number' && expected[i] !== -1 && dim !== expected[i]);
  if (wrong < 0) return undefined;
  return `shape ${formatDims(actual)} but expected ${formatDims(expected)} (dim ${wrong}: ${actual[wrong]} vs ${expected[wrong]})`;
}

export function formatDims(dims: readonly DeclaredDim[]): string {
  return `[${dims.map((dim) => (dim === null ? '?' : String(dim))).join(',')}]`;
}

export async function checkInputShape(file: string, expected: readonly number[], inputName?: string): Promise<InputShapeCheck> {
  const { model } = await readOnnxFile(file);
  const inputs = realInputs(model.graph!);
  const input = inputName === undefined ? inputs[0] : inputs.find((candidate) => candidate.name === inputName);
  if (!input) {
    const names = inputs.map((candidate) => candidate.name).join(', ') || 'none';
    return { ok: false, inputName: inputName ?? '', actual: null, expected: [...expected], reason: `has no input named '${inputName}' (inputs: ${names})` };
  }
  const actual = describeValue(input).shape;
  const reason = compareInputShape(actual, expected);
  const base = { inputName: input.name, actual, expected: [...expected] };
  return reason === undefined ? { ok: true, ...base } : { ok: false, ...base, reason: `input '${input.name}' has ${reason}` };
}

export interface AssertInputShapeOptions {
  inputName?: string;
  /** The manifest (or config) that states the expected shape, and the field, for the message. */
  source?: { file: string; path: string };
}

/** Throws a ConfigError naming the model file (and the manifest field, if given) on a mismatch. */
export async function assertInputShape(file: string, expected: readonly number[], options: AssertInputShapeOptions = {}): Promise<void> {
  const check = await checkInputShape(file, expected, options.inputName);
  if (check.ok) return;
  const where = options.source ? `${options.source.file}: ${options.source.path}` : file;
  const message = options.source ? `${where}: model ${file} ${check.reason}` : `${file}: ${check.reason}`;
  throw new ConfigError('HIL_MODEL_INPUT_SHAPE', message, {
    where,
    hint: 'fix the input shape in the manifest, or re-export the model at the size the manifest states',
  });
}
