/**
 * A copy of a model whose every FP32 activation is also a graph output, so one onnxruntime run
 * shows all of them (what INT8 calibration needs). Which tensors: the real graph inputs and every
 * FP32 node output that is not a constant. TensorRT names its network tensors after these ONNX
 * names, so they are also the names its calibration cache uses. Pure: bytes in, bytes out.
 */
import { inferShapes, realInputs } from './infer-shapes.js';
import { defaultOpset } from './inspect-model.js';
import { onnxModelType, type OnnxModelProto, type OnnxValueInfo } from './onnx-schema.js';

const FLOAT = 1;

export interface ExposedModel {
  /** The ONNX bytes to open. */
  bytes: Uint8Array;
  /** Tensors to calibrate, inputs first, then node outputs in graph order. */
  tensors: string[];
  /** Which of them are graph inputs (fed, not fetched). */
  inputs: string[];
}

/** True when the model is explicitly quantized (QuantizeLinear/DequantizeLinear): it needs no calibration cache. */
export function isExplicitlyQuantized(model: OnnxModelProto): boolean {
  return model.graph!.node.some((node) => node.op_type === 'QuantizeLinear' || node.op_type === 'DequantizeLinear');
}

export function exposeActivations(model: OnnxModelProto): ExposedModel {
  const graph = model.graph!;
  const shapes = inferShapes(graph, defaultOpset({ file: '', sizeBytes: 0, model }));
  const inputs = realInputs(graph).map((input) => input.name);
  const already = new Set(graph.output.map((output) => output.name));
  const activations: string[] = [];
  for (const node of graph.node) {
    if (node.op_type === 'Constant') continue;
    for (const name of node.output) {
      const info = shapes.tensors.get(name);
      // Unknown dtype (0) is taken as float: CNN activations are, and a wrong guess fails loudly in onnxruntime.
      if (!name || info?.value !== undefined || (info && info.dtype !== FLOAT && info.dtype !== 0)) continue;
      activations.push(name);
    }
  }
  const extra: OnnxValueInfo[] = activations.filter((name) => !already.has(name)).map((name) => ({ name, type: { tensor_type: { elem_type: FLOAT } } }));
  const exposed = { ...model, graph: { ...graph, output: [...graph.output, ...extra] } };
  const bytes = onnxModelType().encode(exposed as never).finish();
  return { bytes, tensors: [...inputs, ...activations], inputs };
}
