/**
 * What `hil models inspect` reports for one ONNX file: parameters, MACs per layer and in total,
 * file size, opset, inputs and outputs.
 *
 * Parameters = elements of every stored weight-typed tensor (initializers, sparse initializers and
 * Constant nodes of float/float16/bfloat16/double and 8/16-bit integer types), once per Identity
 * alias. Left out: int32/int64/bool tensors (shapes, axes, indices), rank-0 scalars (clip bounds,
 * epsilons, scale factors) and Resize/Upsample scales. Stored non-trainable constants (e.g. SSD prior boxes, unfolded
 * BatchNorm statistics) do count: the file cannot tell them from weights. PyTorch folds BatchNorm
 * into the preceding Conv on export, so ONNX counts are slightly below
 * `sum(p.numel() for p in model.parameters())` for networks with BatchNorm.
 */
import { toNumber, dataTypeName, type OnnxGraph, type OnnxValueInfo } from './onnx-schema.js';
import { countMacs, type LayerMacs } from './count-macs.js';
import { declaredShape, inferShapes, realInputs } from './infer-shapes.js';
import { attrTensor } from './node-attributes.js';
import { readOnnxFile, type OnnxFile } from './read-onnx.js';
import type { Shape } from './shape-utils.js';
import { elementCount, isWeightType, tensorDims } from './tensor-data.js';

/** A dim is a number, a symbolic name (`batch`), or null when the file leaves it open. */
export type DeclaredDim = number | string | null;

export interface TensorDescription {
  name: string;
  dtype: string;
  shape: DeclaredDim[] | null;
}

export interface ModelInspection {
  name: string;
  file: string;
  params: number;
  /** Nodes of the main graph (subgraphs not counted): graph depth costs launches and memory passes that MACs do not show. */
  nodes: number;
  /** Total MACs per inference; null when any counted layer's shape could not be inferred. */
  macs: number | null;
  /** File size in MB (10^6 bytes). External data files are not included. */
  sizeMB: number;
  opset: number;
  inputs: TensorDescription[];
  outputs: TensorDescription[];
  layers: LayerMacs[];
  /** Extra facts for the human view and for callers; not part of the `--json` contract. */
  details: InspectionDetails;
}

export interface InspectionDetails {
  producer: string;
  irVersion: number;
  sizeBytes: number;
  /** Sum over layers whose MACs are known (equals `macs` when none is unknown). */
  knownMacs: number;
  unknownLayers: number;
  /** Op types hil has no shape rule for and the file gave no shape for. */
  unknownOps: string[];
  /** Inputs whose symbolic batch dim was counted as 1. */
  batchAssumed: string[];
  /** Ops with subgraphs (If, Loop, Scan): MACs inside them are not counted. */
  subgraphOps: string[];
  externalData: boolean;
}

export function describeValue(valueInfo: OnnxValueInfo, inferred?: Shape): TensorDescription {
  const tensorType = valueInfo.type?.tensor_type;
  const dims = tensorType?.shape?.dim;
  let shape: DeclaredDim[] | null = null;
  if (dims) {
    shape = dims.map((dim, i) => {
      if (Object.prototype.hasOwnProperty.call(dim, 'dim_value')) return toNumber(dim.dim_value);
      if (dim.dim_param) return dim.dim_param;
      return inferred?.[i] ?? null;
    });
  } else if (inferred) {
    shape = [...inferred];
  }
  return { name: valueInfo.name, dtype: dataTypeName(tensorType?.elem_type), shape };
}

/** Float inputs that are arguments, not weights: Resize's roi/scales, Upsample's scales. */
function argumentTensors(graph: OnnxGraph): Set<string> {
  const argument = new Set<string>();
  const used = new Set<string>();
  for (const node of graph.node) {
    node.input.forEach((name, slot) => {
      const isArgument = (node.op_type === 'Resize' || node.op_type === 'Upsample') && slot > 0;
      (isArgument ? argument : used).add(name);
    });
  }
  for (const name of used) argument.delete(name);
  return argument;
}

export function countParams(graph: OnnxGraph): number {
  // Element counts of stored weights by tensor name, so Identity aliases can be followed.
  const stored = new Map<string, number>();
  const skip = argumentTensors(graph);
  const add = (name: string, dataType: number, dims: number[]) => {
    if (isWeightType(dataType) && dims.length > 0 && !skip.has(name)) stored.set(name, elementCount(dims));
  };
  for (const tensor of graph.initializer) add(tensor.name, tensor.data_type, tensorDims(tensor));
  for (const sparse of graph.sparse_initializer) {
    if (sparse.values) add(sparse.values.name, sparse.values.data_type, sparse.dims.map(toNumber));
  }
  let total = [...stored.values()].reduce((sum, count) => sum + count, 0);
  for (const node of graph.node) {
    const tensor = node.op_type === 'Constant' ? attrTensor(node, 'value') : undefined;
    if (tensor && node.output[0]) {
      add(node.output[0], tensor.data_type, tensorDims(tensor));
      total += stored.get(node.output[0]) ?? 0;
    }
    // torch.onnx stores equal tensors once (e.g. zero-initialised biases) and aliases the others
    // through Identity nodes; each alias is still a separate parameter of its layer.
    const aliased = node.op_type === 'Identity' ? stored.get(node.input[0] ?? '') : undefined;
    if (aliased !== undefined && node.output[0]) {
      stored.set(node.output[0], aliased);
      total += aliased;
    }
  }
  return total;
}

/** The default-domain opset the model imports. */
export function defaultOpset(onnx: OnnxFile): number {
  const entry = onnx.model.opset_import.find((opset) => opset.domain === '' || opset.domain === 'ai.onnx');
  return entry ? toNumber(entry.version) : 0;
}

export function inspectOnnx(onnx: OnnxFile, name: string): ModelInspection {
  const graph = onnx.model.graph!;
  const opset = defaultOpset(onnx);
  const shapes = inferShapes(graph, opset);
  const layers = countMacs(graph, shapes);
  const unknownLayers = layers.filter((layer) => layer.macs === null).length;
  const knownMacs = layers.reduce((sum, layer) => sum + (layer.macs ?? 0), 0);
  const producer = [onnx.model.producer_name, onnx.model.producer_version].filter(Boolean).join(' ');
  return {
    name,
    file: onnx.file,
    params: countParams(graph),
    nodes: graph.node.length,
    macs: unknownLayers === 0 ? knownMacs : null,
    sizeMB: Math.round(onnx.sizeBytes / 1e3) / 1e3,
    opset,
    inputs: realInputs(graph).map((input) => describeValue(input)),
    outputs: graph.output.map((output) => describeValue(output, shapes.tensors.get(output.name)?.shape ?? declaredShape(output))),
    layers,
    details: {
      producer,
      irVersion: toNumber(onnx.model.ir_version),
      sizeBytes: onnx.sizeBytes,
      knownMacs,
      unknownLayers,
      unknownOps: shapes.unknownOps,
      batchAssumed: shapes.batchAssumed,
      subgraphOps: [...new Set(graph.node.filter((node) => node.attribute.some((a) => a.g || a.graphs.length > 0)).map((node) => node.op_type))],
      externalData: graph.initializer.some((tensor) => tensor.data_location === 1),
    },
  };
}

/** Reads and inspects one ONNX file; bad files throw ConfigError naming the file. */
export async function inspectModelFile(file: string, name: string): Promise<ModelInspection> {
  return inspectOnnx(await readOnnxFile(file), name);
}

/** The `--json` contract: exactly these keys per model. */
export function inspectionJson(inspection: ModelInspection) {
  const { name, file, params, nodes, macs, sizeMB, opset, inputs, outputs, layers } = inspection;
  return { name, file, params, nodes, macs, sizeMB, opset, inputs, outputs, layers };
}
