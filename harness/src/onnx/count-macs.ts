/**
 * Multiply-accumulates per layer. The convention (the one torchvision's published GFLOPS, thop and
 * fvcore use for CNNs): only Conv, ConvTranspose, Gemm and MatMul (and their integer/QLinear forms)
 * count; one MAC = one multiply plus one add into an accumulator; bias adds, activations,
 * normalisation, pooling, resizing and elementwise ops are free. Per single inference: a symbolic
 * batch dim counts as 1 (see infer-shapes.ts). Top-level graph only: layers inside If/Loop/Scan
 * subgraphs are not counted (inspect-model.ts flags such ops).
 *
 * - Conv:          MACs = |Y| · (C_in / group) · ∏kernel          = |Y| · |W| / W[0]
 * - ConvTranspose: MACs = |X| · (C_out / group) · ∏kernel         = |X| · |W| / W[0]
 *   (every input element meets every kernel tap once; taps that land in cropped padding included)
 * - Gemm:          MACs = M · K · N (after transA / transB)
 * - MatMul:        MACs = |Y| · K (numpy broadcasting over batch dims)
 */
import { attrInt, attrInts } from './node-attributes.js';
import type { OnnxGraph, OnnxNode } from './onnx-schema.js';
import type { GraphShapes } from './infer-shapes.js';
import { CONV_INPUTS, MATMUL_INPUTS, gemmOperands } from './shape-rules-nn.js';
import { product, type Dim, type Shape } from './shape-utils.js';

export interface LayerMacs {
  /** Node name, or `<op>_<index>` when the exporter left it empty. */
  name: string;
  op: string;
  /** null when a shape it depends on could not be inferred. */
  macs: number | null;
  weightShape: Shape;
  outputShape: Shape;
}

export const MAC_OPS = new Set([...Object.keys(CONV_INPUTS), ...Object.keys(MATMUL_INPUTS), 'Gemm']);

function multiply(...factors: Dim[]): number | null {
  return product(factors);
}

function convMacs(node: OnnxNode, x: Shape, w: Shape, y: Shape): number | null {
  const transposed = node.op_type === 'ConvTranspose';
  const positions = product((transposed ? x : y) ?? [null]);
  if (w && w.length >= 3) return multiply(positions, product(w.slice(1)));
  // Weight shape unknown (computed at run time): fall back to attributes and the input channels.
  const kernel = attrInts(node, 'kernel_shape');
  const group = attrInt(node, 'group', 1);
  const perGroup = transposed ? (y?.[1] == null ? null : y[1] / group) : (x?.[1] == null ? null : x[1] / group);
  return kernel ? multiply(positions, perGroup, product(kernel)) : null;
}

export function countMacs(graph: OnnxGraph, shapes: GraphShapes): LayerMacs[] {
  const shapeOf = (name: string | undefined): Shape => (name ? (shapes.tensors.get(name)?.shape ?? null) : null);
  const layers: LayerMacs[] = [];
  graph.node.forEach((node, index) => {
    if (!MAC_OPS.has(node.op_type) || !(node.domain === '' || node.domain === 'ai.onnx')) return;
    const y = shapeOf(node.output[0]);
    let macs: number | null = null;
    let weightShape: Shape = null;
    const conv = CONV_INPUTS[node.op_type];
    const matmul = MATMUL_INPUTS[node.op_type];
    if (conv) {
      weightShape = shapeOf(node.input[conv.w]);
      macs = convMacs(node, shapeOf(node.input[conv.x]), weightShape, y);
    } else if (matmul) {
      const a = shapeOf(node.input[matmul.a]);
      weightShape = shapeOf(node.input[matmul.b]);
      macs = a && a.length > 0 && y ? multiply(product(y), a[a.length - 1]!) : null;
    } else {
      weightShape = shapeOf(node.input[1]);
      const operands = gemmOperands(node, shapeOf(node.input[0]), weightShape);
      macs = operands ? multiply(operands.m, operands.k, operands.n) : null;
    }
    layers.push({ name: node.name || `${node.op_type}_${index}`, op: node.op_type, macs, weightShape, outputShape: y });
  });
  return layers;
}
