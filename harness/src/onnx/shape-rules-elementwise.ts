/**
 * Shape rules for shape-preserving ops (activations, normalisation), broadcasting arithmetic,
 * reductions, constants and the few data-dependent ops detectors end with (TopK, NMS).
 */
import { attrFloat, attrInt, attrInts, attrTensor, hasAttr } from './node-attributes.js';
import { DataType } from './onnx-schema.js';
import { operand } from './shape-rules-tensor.js';
import { broadcast, isKnown, normalizeAxis, sameShape, type Dim, type ShapeRule, type TensorInfo } from './shape-utils.js';
import { tensorDims, tensorValues } from './tensor-data.js';

/** Ops whose first output has the first input's shape and type. */
const SHAPE_PRESERVING = [
  'Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'Celu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh',
  'Softplus', 'Softsign', 'Mish', 'Gelu', 'Erf', 'Clip', 'Exp', 'Log', 'Sqrt', 'Neg', 'Abs', 'Reciprocal',
  'Floor', 'Ceil', 'Round', 'Sign', 'Not', 'Sin', 'Cos', 'IsNaN', 'IsInf', 'ThresholdedRelu', 'Shrink',
  'Softmax', 'LogSoftmax', 'Hardmax', 'BatchNormalization', 'InstanceNormalization', 'LayerNormalization',
  'GroupNormalization', 'LRN', 'LpNormalization', 'MeanVarianceNormalization', 'Dropout', 'Identity',
  'QuantizeLinear', 'DequantizeLinear', 'DynamicQuantizeLinear', 'CumSum', 'Trilu',
];

const preserve: ShapeRule = ({ node, inputs }) => {
  const first = sameShape(inputs[0]);
  if (!first) return [];
  if (node.op_type === 'Identity') return [inputs[0]];
  if (node.op_type === 'Dropout') return [first, { shape: first.shape, dtype: DataType.BOOL }];
  return [first];
};

type Arithmetic = (a: number, b: number) => number;
const ARITHMETIC: Record<string, Arithmetic> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Max: (a, b) => Math.max(a, b),
  Min: (a, b) => Math.min(a, b),
};
const COMPARISON = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Xor']);
const INTEGER_TYPES = new Set<number>([DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64, DataType.UINT8, DataType.UINT16, DataType.UINT32, DataType.UINT64]);

/** Elementwise on small constants: what exporters do to compute Reshape targets. */
function evaluate(op: string, a: TensorInfo, b: TensorInfo, length: number): number[] | undefined {
  const fn = ARITHMETIC[op];
  if (!fn || !a.value || !b.value) return undefined;
  const pick = (values: number[], i: number) => (values.length === 1 ? values[0]! : values[i]);
  const out: number[] = [];
  for (let i = 0; i < length; i += 1) {
    const x = pick(a.value, i);
    const y = pick(b.value, i);
    if (x === undefined || y === undefined) return undefined;
    const result = fn(x, y);
    out.push(INTEGER_TYPES.has(a.dtype) ? Math.trunc(result) : result);
  }
  return out;
}

const elementwise: ShapeRule = ({ node, inputs }) => {
  const known = inputs.filter((input): input is TensorInfo => input !== undefined);
  if (known.length !== inputs.length || known.length === 0) return [];
  const shape = known.slice(1).reduce((acc, input) => broadcast(acc, input.shape), known[0]!.shape);
  const dtype = COMPARISON.has(node.op_type) ? DataType.BOOL : node.op_type === 'Where' ? (known[1]?.dtype ?? 0) : known[0]!.dtype;
  const length = shape && isKnown(shape) ? shape.reduce((p, d) => p * d, 1) : undefined;
  const value = known.length === 2 && length !== undefined && shape!.length <= 1 ? evaluate(node.op_type, known[0]!, known[1]!, length) : undefined;
  return [value ? { shape, dtype, value } : { shape, dtype }];
};

const reduce: ShapeRule = (context) => {
  const x = context.inputs[0];
  if (!x?.shape) return [];
  const rank = x.shape.length;
  const axes = operand(context, 'axes', 1);
  if (axes === null) return [];
  const keep = attrInt(context.node, 'keepdims', 1) === 1;
  const noopWhenEmpty = attrInt(context.node, 'noop_with_empty_axes', 0) === 1;
  if ((!axes || axes.length === 0) && noopWhenEmpty) return [sameShape(x)];
  const reduced = new Set((axes && axes.length > 0 ? axes : x.shape.map((_, i) => i)).map((axis) => normalizeAxis(axis, rank)));
  const shape: Dim[] = [];
  x.shape.forEach((dim, i) => {
    if (!reduced.has(i)) shape.push(dim);
    else if (keep) shape.push(1);
  });
  return [{ shape, dtype: x.dtype }];
};

const argReduce: ShapeRule = ({ node, inputs }) => {
  const x = inputs[0];
  if (!x?.shape) return [];
  const axis = normalizeAxis(attrInt(node, 'axis', 0), x.shape.length);
  const keep = attrInt(node, 'keepdims', 1) === 1;
  const shape = keep ? x.shape.map((dim, i) => (i === axis ? 1 : dim)) : x.shape.filter((_, i) => i !== axis);
  return [{ shape, dtype: DataType.INT64 }];
};

const topK: ShapeRule = ({ node, inputs }) => {
  const x = inputs[0];
  if (!x?.shape) return [];
  const axis = normalizeAxis(attrInt(node, 'axis', -1), x.shape.length);
  const k = hasAttr(node, 'k') ? attrInt(node, 'k', 0) : (inputs[1]?.value?.[0] ?? null);
  const shape = x.shape.map((dim, i) => (i === axis ? (k === null || dim === null ? k : Math.min(k, dim)) : dim));
  return [{ shape, dtype: x.dtype }, { shape, dtype: DataType.INT64 }];
};

const constant: ShapeRule = ({ node }) => {
  const tensor = attrTensor(node, 'value');
  if (tensor) {
    const value = tensorValues(tensor);
    const base = { shape: tensorDims(tensor), dtype: tensor.data_type };
    return [value ? { ...base, value } : base];
  }
  const ints = attrInts(node, 'value_ints');
  if (ints) return [{ shape: [ints.length], dtype: DataType.INT64, value: ints }];
  if (hasAttr(node, 'value_int')) return [{ shape: [], dtype: DataType.INT64, value: [attrInt(node, 'value_int', 0)] }];
  const floats = node.attribute.find((a) => a.name === 'value_floats')?.floats;
  if (floats) return [{ shape: [floats.length], dtype: DataType.FLOAT, value: floats }];
  if (hasAttr(node, 'value_float')) return [{ shape: [], dtype: DataType.FLOAT, value: [attrFloat(node, 'value_float', 0)] }];
  return [];
};

const constantOfShape: ShapeRule = ({ node, inputs }) => {
  const dims = inputs[0]?.value;
  if (!dims) return [];
  const tensor = attrTensor(node, 'value');
  const fill = tensor ? tensorValues(tensor)?.[0] : 0;
  const dtype = tensor?.data_type ?? DataType.FLOAT;
  const count = dims.reduce((p, d) => p * d, 1);
  return [count <= 4096 && fill !== undefined ? { shape: dims, dtype, value: new Array<number>(count).fill(fill) } : { shape: dims, dtype }];
};

const cast: ShapeRule = ({ node, inputs }) => {
  const x = inputs[0];
  if (!x) return [];
  const to = attrInt(node, 'to', x.dtype);
  const value = x.value && INTEGER_TYPES.has(to) ? x.value.map(Math.trunc) : x.value;
  return [value ? { shape: x.shape, dtype: to, value } : { shape: x.shape, dtype: to }];
};

const range: ShapeRule = ({ inputs }) => {
  const [start, limit, delta] = inputs.map((input) => input?.value?.[0]);
  const dtype = inputs[0]?.dtype ?? 0;
  if (start === undefined || limit === undefined || delta === undefined || delta === 0) return [{ shape: [null], dtype }];
  const length = Math.max(Math.ceil((limit - start) / delta), 0);
  const value = length <= 4096 ? Array.from({ length }, (_, i) => start + i * delta) : undefined;
  return [value ? { shape: [length], dtype, value } : { shape: [length], dtype }];
};

const expand: ShapeRule = ({ inputs }) => {
  const x = inputs[0];
  const target = inputs[1]?.value;
  if (!x || !target) return [];
  return [{ shape: broadcast(x.shape, target), dtype: x.dtype }];
};

const tile: ShapeRule = ({ inputs }) => {
  const x = inputs[0];
  const repeats = inputs[1]?.value;
  if (!x?.shape || !repeats) return [];
  return [{ shape: x.shape.map((dim, i) => (dim === null ? null : dim * (repeats[i] ?? 1))), dtype: x.dtype }];
};

const size: ShapeRule = ({ inputs }) => {
  const shape = inputs[0]?.shape;
  const count = shape && isKnown(shape) ? shape.reduce((p, d) => p * d, 1) : undefined;
  return [count === undefined ? { shape: [], dtype: DataType.INT64 } : { shape: [], dtype: DataType.INT64, value: [count] }];
};

export const ELEMENTWISE_RULES: Record<string, ShapeRule> = {
  ...Object.fromEntries(SHAPE_PRESERVING.map((op) => [op, preserve])),
  ...Object.fromEntries(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Mod', 'Max', 'Min', 'Sum', 'Mean', 'Where', ...COMPARISON].map((op) => [op, elementwise])),
  ...Object.fromEntries(['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSumExp', 'ReduceSumSquare'].map((op) => [op, reduce])),
  ArgMax: argReduce,
  ArgMin: argReduce,
  TopK: topK,
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Cast: cast,
  Range: range,
  Expand: expand,
  Tile: tile,
  Size: size,
  NonMaxSuppression: () => [{ shape: [null, 3], dtype: DataType.INT64 }],
  NonZero: ({ inputs }) => [{ shape: [inputs[0]?.shape?.length ?? null, null], dtype: DataType.INT64 }],
};
