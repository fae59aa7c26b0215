/**
 * Static shape inference over a graph, enough to size every Conv/Gemm/MatMul of a CNN detector.
 * Shapes come from hil's own rules per op; where a rule is missing or leaves dims unknown, the
 * shapes the producer declared in value_info / graph outputs fill the gaps.
 *
 * A symbolic first (batch) dim of a graph input is taken as 1: MACs are per single image.
 */
import { ELEMENTWISE_RULES } from './shape-rules-elementwise.js';
import { NN_RULES } from './shape-rules-nn.js';
import { TENSOR_RULES } from './shape-rules-tensor.js';
import { toNumber, type OnnxGraph, type OnnxValueInfo } from './onnx-schema.js';
import type { Shape, ShapeRule, TensorInfo } from './shape-utils.js';
import { tensorDims, tensorValues } from './tensor-data.js';

const RULES: Record<string, ShapeRule> = { ...ELEMENTWISE_RULES, ...TENSOR_RULES, ...NN_RULES };

export interface GraphShapes {
  tensors: Map<string, TensorInfo>;
  /** Op types with no shape rule whose outputs had no declared shape either. */
  unknownOps: string[];
  /** Graph inputs whose symbolic batch dim was taken as 1. */
  batchAssumed: string[];
}

/** Declared shape of a ValueInfoProto: numbers for fixed dims, null for symbolic or missing ones. */
export function declaredShape(valueInfo: OnnxValueInfo | undefined): Shape {
  const shape = valueInfo?.type?.tensor_type?.shape;
  if (!shape) return null;
  return shape.dim.map((dim) => (Object.prototype.hasOwnProperty.call(dim, 'dim_value') ? toNumber(dim.dim_value) : null));
}

/** Names of the real graph inputs: old exporters (IR < 4) also list every initializer as an input. */
export function realInputs(graph: OnnxGraph): OnnxValueInfo[] {
  const initialized = new Set(graph.initializer.map((tensor) => tensor.name));
  return graph.input.filter((input) => !initialized.has(input.name));
}

function merge(inferred: TensorInfo | undefined, declared: Shape, declaredType: number): TensorInfo | undefined {
  if (!inferred || inferred.shape === null) return declared === null ? inferred : { shape: declared, dtype: inferred?.dtype || declaredType };
  if (declared === null) return inferred;
  // On a rank disagreement trust the producer's own shape inference over ours.
  if (declared.length !== inferred.shape.length) return { shape: declared, dtype: inferred.dtype || declaredType };
  const shape = inferred.shape.map((dim, i) => dim ?? declared[i] ?? null);
  return { ...inferred, shape };
}

export function inferShapes(graph: OnnxGraph, opset: number): GraphShapes {
  const tensors = new Map<string, TensorInfo>();
  const batchAssumed: string[] = [];
  const unknownOps = new Set<string>();
  for (const tensor of graph.initializer) {
    const value = tensorValues(tensor);
    const info: TensorInfo = { shape: tensorDims(tensor), dtype: tensor.data_type };
    tensors.set(tensor.name, value ? { ...info, value } : info);
  }
  for (const input of realInputs(graph)) {
    const shape = declaredShape(input);
    if (shape && shape.length > 0 && shape[0] === null) {
      shape[0] = 1;
      batchAssumed.push(input.name);
    }
    tensors.set(input.name, { shape, dtype: input.type?.tensor_type?.elem_type ?? 0 });
  }
  const declared = new Map<string, OnnxValueInfo>();
  for (const valueInfo of [...graph.value_info, ...graph.output]) declared.set(valueInfo.name, valueInfo);

  for (const node of graph.node) {
    const standard = node.domain === '' || node.domain === 'ai.onnx';
    const rule = standard ? RULES[node.op_type] : undefined;
    const inputs = node.input.map((name) => (name ? tensors.get(name) : undefined));
    let outputs: (TensorInfo | undefined)[] = [];
    try {
      outputs = rule ? rule({ node, inputs, opset }) : [];
    } catch {
      // A malformed attribute in a node we only size: leave its outputs unknown, never crash.
      outputs = [];
    }
    node.output.forEach((name, i) => {
      if (!name) return;
      const valueInfo = declared.get(name);
      const merged = merge(outputs[i], declaredShape(valueInfo), valueInfo?.type?.tensor_type?.elem_type ?? 0);
      if (merged) tensors.set(name, merged);
      else if (!rule) unknownOps.add(node.domain ? `${node.domain}.${node.op_type}` : node.op_type);
    });
  }
  return { tensors, unknownOps: [...unknownOps], batchAssumed };
}
