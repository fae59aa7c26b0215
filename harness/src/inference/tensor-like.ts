/**
 * The minimal view of a model output that the adapters need: dims plus flat row-major data.
 * onnxruntime's `Tensor` satisfies it, and so does a hand-made `{ dims, data }` in a test, which is
 * what keeps the adapters pure and testable without a model.
 */
import { ConfigError } from '../errors.js';

export interface TensorLike {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number | bigint>;
}

export type OutputMap = Readonly<Record<string, TensorLike>>;

/** The named output, or a ConfigError that lists what the model does produce. */
export function requireOutput(outputs: OutputMap, name: string, field: string): TensorLike {
  const t = outputs[name];
  if (t === undefined) {
    throw new ConfigError(
      'HIL_OUTPUT_MISSING',
      `model has no output "${name}" (output.${field}); it produces: ${Object.keys(outputs).join(', ') || 'nothing'}`,
      { where: `output.${field}`, hint: 'fix the output names in the model manifest entry' },
    );
  }
  return t;
}

/** Data as float64 numbers (int64 label tensors come back as bigint). */
export function toNumbers(t: TensorLike): Float64Array {
  const out = new Float64Array(t.data.length);
  for (let i = 0; i < out.length; i += 1) out[i] = Number(t.data[i]);
  return out;
}

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Throws a ConfigError naming the output when its size is not what the spec implies. */
export function expectSize(t: TensorLike, expected: number, what: string): void {
  if (t.data.length !== expected) throw shapeError(what, `expected ${expected} values`, t);
}

/** The model's output does not fit the manifest's output format: a config problem, not a crash. */
export function shapeError(what: string, expectation: string, t: TensorLike): ConfigError {
  return new ConfigError(
    'HIL_OUTPUT_SHAPE',
    `${what}: ${expectation}, got ${t.data.length} values (dims [${t.dims.join(', ')}])`,
    { where: what, hint: 'the output format, batch or prior boxes in the manifest do not match the model' },
  );
}
