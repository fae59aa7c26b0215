/** Shape rules for the layers that carry the compute: convolutions, pooling, Gemm and MatMul. */
import { attrInt, attrInts, attrString } from './node-attributes.js';
import type { OnnxNode } from './onnx-schema.js';
import { broadcast, type Dim, type Shape, type ShapeRule, type TensorInfo, type WindowParams, windowOutput } from './shape-utils.js';

/** Where the data and weight inputs sit for each convolution-like op. */
export const CONV_INPUTS: Record<string, { x: number; w: number }> = {
  Conv: { x: 0, w: 1 },
  ConvInteger: { x: 0, w: 1 },
  QLinearConv: { x: 0, w: 3 },
  ConvTranspose: { x: 0, w: 1 },
};

/** Where the two operands of each matrix-multiply op sit. */
export const MATMUL_INPUTS: Record<string, { a: number; b: number }> = {
  MatMul: { a: 0, b: 1 },
  MatMulInteger: { a: 0, b: 1 },
  QLinearMatMul: { a: 0, b: 3 },
};

function windowParams(node: OnnxNode, spatialRank: number, kernel: number[] | undefined): WindowParams {
  const ones = new Array<number>(spatialRank).fill(1);
  return {
    kernel: kernel ?? ones,
    strides: attrInts(node, 'strides') ?? ones,
    dilations: attrInts(node, 'dilations') ?? ones,
    pads: attrInts(node, 'pads') ?? new Array<number>(2 * spatialRank).fill(0),
    autoPad: attrString(node, 'auto_pad', 'NOTSET'),
    ceilMode: attrInt(node, 'ceil_mode', 0) === 1,
  };
}

function kernelOf(node: OnnxNode, weight: Shape | undefined): number[] | undefined {
  const fromAttr = attrInts(node, 'kernel_shape');
  if (fromAttr) return fromAttr;
  if (!weight || weight.length < 3) return undefined;
  const spatial = weight.slice(2);
  return spatial.every((dim) => dim !== null) ? (spatial as number[]) : undefined;
}

const conv: ShapeRule = ({ node, inputs }) => {
  const slots = CONV_INPUTS[node.op_type] ?? { x: 0, w: 1 };
  const x = inputs[slots.x]?.shape ?? null;
  const w = inputs[slots.w]?.shape ?? null;
  if (x === null) return [];
  const spatialRank = x.length - 2;
  const kernel = kernelOf(node, w);
  if (!kernel) return [{ shape: [x[0] ?? null, w?.[0] ?? null, ...new Array<Dim>(spatialRank).fill(null)], dtype: outDtype(node, inputs) }];
  const params = windowParams(node, spatialRank, kernel);
  const spatial = x.slice(2).map((dim, axis) => windowOutput(dim, axis, params));
  return [{ shape: [x[0] ?? null, w?.[0] ?? null, ...spatial], dtype: outDtype(node, inputs) }];
};

function outDtype(node: OnnxNode, inputs: (TensorInfo | undefined)[]): number {
  if (node.op_type === 'ConvInteger' || node.op_type === 'MatMulInteger') return 6; // int32
  if (node.op_type.startsWith('QLinear')) return inputs[7]?.dtype ?? inputs[0]?.dtype ?? 0;
  return inputs[0]?.dtype ?? 0;
}

const convTranspose: ShapeRule = ({ node, inputs }) => {
  const x = inputs[0]?.shape ?? null;
  const w = inputs[1]?.shape ?? null;
  if (x === null) return [];
  const group = attrInt(node, 'group', 1);
  const channels = w?.[1] == null ? null : w[1] * group;
  const spatialRank = x.length - 2;
  const explicit = attrInts(node, 'output_shape');
  const kernel = kernelOf(node, w);
  let spatial: Dim[];
  if (explicit) {
    spatial = explicit.slice(-spatialRank);
  } else if (!kernel) {
    spatial = new Array<Dim>(spatialRank).fill(null);
  } else {
    const params = windowParams(node, spatialRank, kernel);
    const outputPadding = attrInts(node, 'output_padding') ?? [];
    spatial = x.slice(2).map((dim, axis) => {
      if (dim === null) return null;
      const stride = params.strides[axis] ?? 1;
      if (params.autoPad === 'SAME_UPPER' || params.autoPad === 'SAME_LOWER') return dim * stride;
      const pads = params.autoPad === 'VALID' ? 0 : (params.pads[axis] ?? 0) + (params.pads[axis + spatialRank] ?? 0);
      const extent = ((params.kernel[axis] ?? 1) - 1) * (params.dilations[axis] ?? 1) + 1;
      return stride * (dim - 1) + (outputPadding[axis] ?? 0) + extent - pads;
    });
  }
  return [{ shape: [x[0] ?? null, channels, ...spatial], dtype: inputs[0]?.dtype ?? 0 }];
};

const pool: ShapeRule = ({ node, inputs }) => {
  const x = inputs[0]?.shape ?? null;
  if (x === null) return [];
  const params = windowParams(node, x.length - 2, attrInts(node, 'kernel_shape'));
  const shape = [x[0] ?? null, x[1] ?? null, ...x.slice(2).map((dim, axis) => windowOutput(dim, axis, params))];
  // MaxPool's optional second output (Indices) has the same shape.
  return [{ shape, dtype: inputs[0]?.dtype ?? 0 }, { shape, dtype: 7 }];
};

const globalPool: ShapeRule = ({ inputs }) => {
  const x = inputs[0]?.shape ?? null;
  if (x === null) return [];
  return [{ shape: [x[0] ?? null, x[1] ?? null, ...x.slice(2).map(() => 1)], dtype: inputs[0]?.dtype ?? 0 }];
};

/** Gemm operands after transA/transB: [M, K] and [K, N]. */
export function gemmOperands(node: OnnxNode, a: Shape, b: Shape): { m: Dim; k: Dim; n: Dim } | undefined {
  if (!a || !b || a.length !== 2 || b.length !== 2) return undefined;
  const [m, k] = attrInt(node, 'transA', 0) ? [a[1]!, a[0]!] : [a[0]!, a[1]!];
  const n = attrInt(node, 'transB', 0) ? b[0]! : b[1]!;
  return { m, k, n };
}

const gemm: ShapeRule = ({ node, inputs }) => {
  const operands = gemmOperands(node, inputs[0]?.shape ?? null, inputs[1]?.shape ?? null);
  return operands ? [{ shape: [operands.m, operands.n], dtype: inputs[0]?.dtype ?? 0 }] : [];
};

/** numpy.matmul's result shape (1-D operands are promoted, then the added axis dropped). */
export function matmulShape(a: Shape, b: Shape): Shape {
  if (a === null || b === null || a.length === 0 || b.length === 0) return null;
  const left = a.length === 1 ? [1, a[0]!] : a;
  const right = b.length === 1 ? [b[0]!, 1] : b;
  const batch = broadcast(left.slice(0, -2), right.slice(0, -2));
  if (batch === null) return null;
  const out: Dim[] = [...batch];
  if (a.length > 1) out.push(left[left.length - 2]!);
  if (b.length > 1) out.push(right[right.length - 1]!);
  return out;
}

const matmul: ShapeRule = ({ node, inputs }) => {
  const slots = MATMUL_INPUTS[node.op_type] ?? { a: 0, b: 1 };
  const shape = matmulShape(inputs[slots.a]?.shape ?? null, inputs[slots.b]?.shape ?? null);
  return shape ? [{ shape, dtype: outDtype(node, inputs) }] : [];
};

const depthToSpace: ShapeRule = ({ node, inputs }) => {
  const x = inputs[0]?.shape ?? null;
  if (x === null || x.length !== 4) return [];
  const b = attrInt(node, 'blocksize', 1);
  const [n, c, h, w] = x;
  const toSpace = node.op_type === 'DepthToSpace';
  const scale = (dim: Dim | undefined, up: boolean) => (dim == null ? null : up ? dim * b : Math.floor(dim / b));
  const channels = c == null ? null : toSpace ? c / (b * b) : c * b * b;
  return [{ shape: [n ?? null, channels, scale(h, toSpace), scale(w, toSpace)], dtype: inputs[0]?.dtype ?? 0 }];
};

export const NN_RULES: Record<string, ShapeRule> = {
  Conv: conv,
  ConvInteger: conv,
  QLinearConv: conv,
  ConvTranspose: convTranspose,
  MaxPool: pool,
  AveragePool: pool,
  LpPool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  GlobalLpPool: globalPool,
  Gemm: gemm,
  MatMul: matmul,
  MatMulInteger: matmul,
  QLinearMatMul: matmul,
  DepthToSpace: depthToSpace,
  SpaceToDepth: depthToSpace,
};
