/**
 * Shapes as hil's shape inference sees them: a dim is a number, or null when unknown (symbolic or
 * data-dependent); a whole shape is null when even the rank is unknown.
 */
import type { OnnxNode } from './onnx-schema.js';

export type Dim = number | null;
export type Shape = Dim[] | null;

export interface TensorInfo {
  shape: Shape;
  /** TensorProto.DataType number; 0 when unknown. */
  dtype: number;
  /** Flattened values, for small constant tensors only (shapes, axes, scales). */
  value?: number[];
}

export interface RuleContext {
  node: OnnxNode;
  /** One entry per node input; undefined for an omitted optional input or an unknown tensor. */
  inputs: (TensorInfo | undefined)[];
  /** Version of the default ("ai.onnx") opset the model imports. */
  opset: number;
}

/** Output infos in node-output order; a missing entry means "unknown". */
export type ShapeRule = (context: RuleContext) => (TensorInfo | undefined)[];

export function isKnown(shape: Shape): shape is number[] {
  return shape !== null && shape.every((dim) => dim !== null);
}

export function product(dims: readonly Dim[]): Dim {
  let result = 1;
  for (const dim of dims) {
    if (dim === null) return null;
    result *= dim;
  }
  return result;
}

export function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** Numpy broadcasting of two shapes, aligned on the right. */
export function broadcast(a: Shape, b: Shape): Shape {
  if (a === null || b === null) return null;
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i += 1) {
    const x = i < rank - a.length ? 1 : a[i - (rank - a.length)]!;
    const y = i < rank - b.length ? 1 : b[i - (rank - b.length)]!;
    if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (x === null) out.push(y);
    else out.push(x);
  }
  return out;
}

export interface WindowParams {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** ONNX layout: all begins, then all ends. */
  pads: number[];
  autoPad: string;
  ceilMode: boolean;
}

/** Output size of one spatial axis of a Conv or pooling window (ONNX operator spec formulas). */
export function windowOutput(input: Dim, axis: number, params: WindowParams): Dim {
  if (input === null) return null;
  const stride = params.strides[axis] ?? 1;
  const kernel = params.kernel[axis] ?? 1;
  const dilation = params.dilations[axis] ?? 1;
  if (params.autoPad === 'SAME_UPPER' || params.autoPad === 'SAME_LOWER') return Math.ceil(input / stride);
  const rank = params.kernel.length;
  const padding = params.autoPad === 'VALID' ? 0 : (params.pads[axis] ?? 0) + (params.pads[axis + rank] ?? 0);
  const span = input + padding - dilation * (kernel - 1) - 1;
  if (!params.ceilMode) return Math.max(Math.floor(span / stride) + 1, 0);
  // ceil_mode drops a last window that would start inside the end padding (PyTorch and
  // onnxruntime agree on this).
  let out = Math.ceil(span / stride) + 1;
  if ((out - 1) * stride >= input + (params.pads[axis] ?? 0)) out -= 1;
  return Math.max(out, 0);
}

export function sameShape(info: TensorInfo | undefined): TensorInfo | undefined {
  return info ? { shape: info.shape, dtype: info.dtype } : undefined;
}
