/**
 * Shape rules for tensor plumbing: reshaping, slicing, joining, padding, resizing. These ops also
 * carry small constant values along (Shape -> Gather -> Concat -> Reshape), because exporters build
 * Reshape targets that way and the MACs of later layers depend on them.
 */
import { attrInt, attrInts, attrFloats } from './node-attributes.js';
import { isKnown, normalizeAxis, product, type Dim, type RuleContext, type Shape, type ShapeRule, type TensorInfo } from './shape-utils.js';

/**
 * An operand that moved from an attribute to an input in a later opset (axes, pads, splits):
 * the attribute if present, else the input's constant value; undefined = not given;
 * null = given but not known statically.
 */
export function operand(context: RuleContext, attr: string, index: number): number[] | undefined | null {
  const fromAttr = attrInts(context.node, attr);
  if (fromAttr) return fromAttr;
  const name = context.node.input[index];
  if (!name) return undefined;
  return context.inputs[index]?.value ?? null;
}

function info(shape: Shape, dtype: number, value?: number[]): TensorInfo {
  return value === undefined ? { shape, dtype } : { shape, dtype, value };
}

const reshape: ShapeRule = ({ node, inputs }) => {
  const x = inputs[0];
  const target = inputs[1]?.value ?? attrInts(node, 'shape');
  if (!x || !target) return [];
  const allowZero = attrInt(node, 'allowzero', 0) === 1;
  const dims: Dim[] = target.map((dim, i) => (dim === 0 && !allowZero ? (x.shape?.[i] ?? null) : dim === -1 ? null : dim));
  const inferred = target.indexOf(-1);
  if (inferred >= 0) {
    const total = x.shape ? product(x.shape) : null;
    const rest = product(dims.filter((_, i) => i !== inferred));
    dims[inferred] = total !== null && rest !== null && rest !== 0 ? total / rest : null;
  }
  return [info(dims, x.dtype, x.value)];
};

const flatten: ShapeRule = ({ node, inputs }) => {
  const x = inputs[0];
  if (!x?.shape) return [];
  const axis = normalizeAxis(attrInt(node, 'axis', 1), x.shape.length);
  return [info([product(x.shape.slice(0, axis)), product(x.shape.slice(axis))], x.dtype, x.value)];
};

const transpose: ShapeRule = ({ node, inputs }) => {
  const x = inputs[0];
  if (!x?.shape) return [];
  const shape = x.shape;
  const perm = attrInts(node, 'perm') ?? shape.map((_, i) => shape.length - 1 - i);
  return [info(perm.map((axis) => shape[axis] ?? null), x.dtype)];
};

const concat: ShapeRule = ({ node, inputs }) => {
  const parts = inputs.filter((part): part is TensorInfo => part !== undefined);
  const first = parts.find((part) => part.shape !== null);
  if (!first?.shape || parts.length !== inputs.length) return [];
  const axis = normalizeAxis(attrInt(node, 'axis', 0), first.shape.length);
  const shape = [...first.shape];
  shape[axis] = parts.reduce<Dim>((sum, part) => (sum === null || part.shape?.[axis] == null ? null : sum + part.shape[axis]!), 0);
  const values = parts.every((part) => part.value !== undefined) && first.shape.length === 1 ? parts.flatMap((part) => part.value!) : undefined;
  return [info(shape, first.dtype, values)];
};

/** Length of `[start, end)` with `step`, clamped the way the Slice spec clamps. */
function sliceRange(dim: number, start: number, end: number, step: number): number[] {
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) {
    s = clamp(s, 0, dim);
    e = clamp(e, 0, dim);
  } else {
    s = clamp(s, 0, dim - 1);
    e = clamp(e, -1, dim - 1);
  }
  const indices: number[] = [];
  for (let i = s; step > 0 ? i < e : i > e; i += step) indices.push(i);
  return indices;
}

const slice: ShapeRule = (context) => {
  const x = context.inputs[0];
  if (!x?.shape) return [];
  const starts = operand(context, 'starts', 1);
  const ends = operand(context, 'ends', 2);
  const axes = operand(context, 'axes', 3) ?? starts?.map((_, i) => i);
  const steps = operand(context, 'steps', 4) ?? starts?.map(() => 1);
  if (!starts || !ends || !axes || !steps) return [info(x.shape.map(() => null), x.dtype)];
  const shape = [...x.shape];
  let value = x.value;
  axes.forEach((rawAxis, i) => {
    const axis = normalizeAxis(rawAxis, shape.length);
    const dim = x.shape![axis];
    if (dim == null) {
      shape[axis] = null;
      value = undefined;
      return;
    }
    const picked = sliceRange(dim, starts[i]!, ends[i]!, steps[i] ?? 1);
    shape[axis] = picked.length;
    if (value && x.shape!.length === 1) value = picked.map((index) => value![index]!);
  });
  return [info(shape, x.dtype, value)];
};

const squeeze: ShapeRule = (context) => {
  const x = context.inputs[0];
  if (!x?.shape) return [];
  const axes = operand(context, 'axes', 1);
  if (axes === null) return [];
  const rank = x.shape.length;
  const drop = axes ? new Set(axes.map((axis) => normalizeAxis(axis, rank))) : undefined;
  if (!drop && !isKnown(x.shape)) return [];
  return [info(x.shape.filter((dim, i) => (drop ? !drop.has(i) : dim !== 1)), x.dtype, x.value)];
};

const unsqueeze: ShapeRule = (context) => {
  const x = context.inputs[0];
  const axes = operand(context, 'axes', 1);
  if (!x?.shape || !axes) return [];
  const rank = x.shape.length + axes.length;
  const inserted = new Set(axes.map((axis) => normalizeAxis(axis, rank)));
  const rest = [...x.shape];
  const shape: Dim[] = [];
  for (let i = 0; i < rank; i += 1) shape.push(inserted.has(i) ? 1 : (rest.shift() ?? null));
  return [info(shape, x.dtype, x.value)];
};

const gather: ShapeRule = ({ node, inputs }) => {
  const [data, indices] = inputs;
  if (!data?.shape || !indices?.shape) return [];
  const axis = normalizeAxis(attrInt(node, 'axis', 0), data.shape.length);
  const shape = [...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)];
  const dim = data.shape[0];
  const value =
    data.value && indices.value && data.shape.length === 1 && dim != null
      ? indices.value.map((index) => data.value![index < 0 ? index + dim : index]!)
      : undefined;
  return [info(shape, data.dtype, value)];
};

const shapeOf: ShapeRule = ({ node, inputs }) => {
  const x = inputs[0];
  if (!x?.shape) return [];
  const rank = x.shape.length;
  const start = normalizeAxis(attrInt(node, 'start', 0), rank);
  const end = normalizeAxis(attrInt(node, 'end', rank), rank);
  const dims = x.shape.slice(Math.max(start, 0), Math.min(end, rank));
  return [info([dims.length], 7, isKnown(dims) ? dims : undefined)];
};

const pad: ShapeRule = (context) => {
  const x = context.inputs[0];
  if (!x?.shape) return [];
  const rank = x.shape.length;
  const pads = operand(context, 'pads', 1);
  if (!pads) return [info(x.shape.map(() => null), x.dtype)];
  const axes = context.inputs[3]?.value?.map((axis) => normalizeAxis(axis, rank)) ?? x.shape.map((_, i) => i);
  const shape = [...x.shape];
  axes.forEach((axis, i) => {
    const dim = shape[axis];
    shape[axis] = dim == null ? null : dim + pads[i]! + pads[i + axes.length]!;
  });
  return [info(shape, x.dtype)];
};

/** Resize (opset 10: scales at input 1; 11+: roi, scales, sizes) and Upsample (scales attr or input 1). */
const resize: ShapeRule = (context) => {
  const { node, inputs } = context;
  const x = inputs[0];
  if (!x?.shape) return [];
  const shape = x.shape;
  const sizes = node.input.length > 3 ? inputs[3]?.value : undefined;
  const scaleIndex = node.op_type === 'Upsample' || context.opset < 11 ? 1 : 2;
  const scales = attrFloats(node, 'scales') ?? inputs[scaleIndex]?.value;
  const axes = attrInts(node, 'axes')?.map((axis) => normalizeAxis(axis, shape.length)) ?? shape.map((_, i) => i);
  const out = [...shape];
  if (sizes && sizes.length > 0) axes.forEach((axis, i) => (out[axis] = sizes[i] ?? null));
  else if (scales && scales.length > 0) axes.forEach((axis, i) => (out[axis] = shape[axis] == null ? null : Math.floor(shape[axis]! * scales[i]!)));
  else return [info(shape.map(() => null), x.dtype)];
  return [info(out, x.dtype)];
};

const split: ShapeRule = (context) => {
  const { node, inputs } = context;
  const x = inputs[0];
  if (!x?.shape) return [];
  const axis = normalizeAxis(attrInt(node, 'axis', 0), x.shape.length);
  const parts = operand(context, 'split', 1);
  const dim = x.shape[axis] ?? null;
  const count = node.output.length;
  const sizes: Dim[] = parts ?? new Array<Dim>(count).fill(dim === null ? null : Math.ceil(dim / count));
  if (!parts && dim !== null) sizes[count - 1] = dim - Math.ceil(dim / count) * (count - 1);
  return sizes.map((size) => info(x.shape!.map((d, i) => (i === axis ? size : d)), x.dtype));
};

export const TENSOR_RULES: Record<string, ShapeRule> = {
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  Concat: concat,
  Slice: slice,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Gather: gather,
  Shape: shapeOf,
  Pad: pad,
  Resize: resize,
  Upsample: resize,
  Split: split,
};
