/**
 * An FP32 model made to compute as TensorRT's implicit INT8 does with a calibration cache: every
 * activation that enters a weighted layer (Conv, ConvTranspose, Gemm, MatMul) and that the cache
 * names is quantized to int8 with its scale (symmetric, zero point 0, saturating) and dequantized
 * before its consumers read it. onnxruntime then runs the model with exactly the
 * rounding and clipping INT8 activations get, so accuracy from it is real for those scales
 * (weights stay FP32: TensorRT quantizes them per channel from their own range, a smaller effect).
 * Graph outputs keep their FP32 values (the network's outputs are not quantized). Pure: bytes out.
 */
import { ConfigError } from '../errors.js';
import { onnxModelType, toNumber, type OnnxGraph, type OnnxModelProto, type OnnxNode, type OnnxTensor } from '../onnx/onnx-schema.js';

const FLOAT = 1;
const INT8 = 3;
const WEIGHTED = new Set(['Conv', 'ConvTranspose', 'Gemm', 'MatMul']);

/** The activations entering the graph's weighted layers (Conv, ConvTranspose, Gemm, MatMul): where INT8 rounds and clips. */
export function weightedLayerInputs(graph: OnnxGraph): Set<string> {
  return new Set(graph.node.filter((n) => WEIGHTED.has(n.op_type)).map((n) => n.input[0]!));
}

function scalarTensor(name: string, dataType: number, value: number): Partial<OnnxTensor> {
  return dataType === FLOAT ? { name, dims: [], data_type: FLOAT, float_data: [value] } : { name, dims: [], data_type: dataType, int32_data: [value] };
}

export interface QdqInsertion {
  bytes: Uint8Array;
  /** Tensors quantized (cache entries that the graph has). */
  quantized: number;
  /** Cache entries that name no tensor of the graph (ignored, as TensorRT ignores them); entries of tensors outside weighted layers are simply not used. */
  unknown: string[];
}

export function insertQdq(model: OnnxModelProto, scales: ReadonlyMap<string, number>): QdqInsertion {
  const graph = model.graph!;
  const opset = model.opset_import.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  if (!opset || toNumber(opset.version) < 10) throw new ConfigError('HIL_QDQ_OPSET', `QuantizeLinear needs opset >= 10; the model imports ${opset ? toNumber(opset.version) : 'none'}`);
  const produced = new Set<string>([...graph.input.map((i) => i.name), ...graph.node.flatMap((n) => n.output)]);
  // INT8 arithmetic happens in the weighted layers: their activation inputs are what INT8 rounds
  // and clips. Post-processing inside the graph (box decoding, softmax) stays FP32, as TensorRT
  // runs the layers it has no INT8 kernel for (and those feeding network outputs) in FP32.
  const weightedInputs = weightedLayerInputs(graph);
  const chosen = [...scales].filter(([name, scale]) => produced.has(name) && weightedInputs.has(name) && scale > 0);
  const renamed = new Map(chosen.map(([name]) => [name, `${name}__hil_dq`]));
  const initializers: Partial<OnnxTensor>[] = [scalarTensor('__hil_zero_point_int8', INT8, 0)];
  const qdq = (name: string, scale: number): OnnxNode[] => {
    const scaleName = `${name}__hil_scale`;
    initializers.push(scalarTensor(scaleName, FLOAT, scale));
    const q = `${name}__hil_q`;
    return [
      { name: `${name}__hil_QuantizeLinear`, op_type: 'QuantizeLinear', domain: '', input: [name, scaleName, '__hil_zero_point_int8'], output: [q], attribute: [] },
      { name: `${name}__hil_DequantizeLinear`, op_type: 'DequantizeLinear', domain: '', input: [q, scaleName, '__hil_zero_point_int8'], output: [renamed.get(name)!], attribute: [] },
    ];
  };
  const scaleOf = new Map(chosen);
  const nodes: OnnxNode[] = [];
  // Graph inputs first, then each node followed by the Q/DQ of its outputs: the order stays topological.
  for (const input of graph.input) if (scaleOf.has(input.name)) nodes.push(...qdq(input.name, scaleOf.get(input.name)!));
  for (const node of graph.node) {
    nodes.push({ ...node, input: node.input.map((name) => renamed.get(name) ?? name) });
    for (const out of node.output) if (scaleOf.has(out)) nodes.push(...qdq(out, scaleOf.get(out)!));
  }
  // Graph outputs keep naming the FP32 tensors: only consumers inside the graph read the dequantized copy.
  const next = { ...model, graph: { ...graph, node: nodes, initializer: [...graph.initializer, ...initializers] } };
  return {
    bytes: onnxModelType().encode(next as never).finish(),
    quantized: chosen.length,
    unknown: [...scales.keys()].filter((name) => !produced.has(name)),
  };
}
