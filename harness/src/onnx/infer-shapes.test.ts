import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildOnnx, type ModelDescription } from '../../../test/fixtures/onnx/build-onnx.js';
import { inferShapes } from './infer-shapes.js';
import { decodeOnnx } from './read-onnx.js';

/**
 * hil's static shapes against what onnxruntime actually produces: every intermediate tensor is
 * made a graph output, the model runs once on zeros, and each inferred shape must equal the real one.
 */
async function compareWithOnnxruntime(description: Omit<ModelDescription, 'outputs'>) {
  const names = description.nodes.flatMap((node) => node.outputs);
  const full: ModelDescription = { ...description, outputs: names.map((name) => ({ name, dtype: 'none' as const })) };
  const bytes = buildOnnx(full);
  const graph = decodeOnnx(bytes, 'built.onnx').graph!;
  const inferred = inferShapes(graph, full.opset ?? 13).tensors;
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of description.inputs) {
    const dims = (input.shape ?? []).map((dim) => (typeof dim === 'number' ? dim : 1));
    feeds[input.name] = new ort.Tensor('float32', new Float32Array(dims.reduce((p, d) => p * d, 1)), dims);
  }
  const results = await session.run(feeds);
  await session.release();
  const actual = Object.fromEntries(names.map((name) => [name, [...results[name]!.dims]]));
  const expected = Object.fromEntries(names.map((name) => [name, inferred.get(name)?.shape]));
  expect(expected).toEqual(actual);
}

const i64 = (name: string, values: number[]) => ({ name, dims: [values.length], dtype: 'int64' as const, values });
const f32 = (name: string, values: number[]) => ({ name, dims: [values.length], values });

describe('inferred shapes equal onnxruntime shapes', () => {
  it('convolutions, pooling and upsampling', async () => {
    await compareWithOnnxruntime({
      inputs: [{ name: 'x', shape: ['batch', 4, 17, 23] }],
      initializers: [
        { name: 'w1', dims: [8, 2, 3, 5] },
        { name: 'w2', dims: [8, 4, 3, 3] },
        f32('scales', [1, 1, 2, 1.5]),
        { name: 'w3', dims: [8, 1, 3, 3] },
      ],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w1'], outputs: ['c1'], attrs: { group: 2, pads: [1, 2, 0, 1], strides: [2, 1] } },
        { op: 'MaxPool', inputs: ['c1'], outputs: ['p1'], attrs: { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1, pads: [1, 1, 0, 0] } },
        { op: 'AveragePool', inputs: ['c1'], outputs: ['p2'], attrs: { kernel_shape: [2, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' } },
        { op: 'ConvTranspose', inputs: ['p1', 'w2'], outputs: ['t1'], attrs: { group: 2, strides: [2, 3], dilations: [2, 1], pads: [1, 0, 0, 1], output_padding: [1, 2] } },
        { op: 'Resize', inputs: ['t1', '', 'scales'], outputs: ['r1'], attrs: { mode: 'nearest' } },
        { op: 'Conv', inputs: ['r1', 'w3'], outputs: ['c3'], attrs: { group: 8, auto_pad: 'SAME_LOWER', strides: [3, 2] } },
        { op: 'GlobalAveragePool', inputs: ['c3'], outputs: ['g'] },
        { op: 'DepthToSpace', inputs: ['c3'], outputs: ['d2s'], attrs: { blocksize: 2 } },
      ],
    });
  });

  it('tensor plumbing: slice, pad, concat, transpose, split, reduce, gather, squeeze, topk, gemm', async () => {
    await compareWithOnnxruntime({
      inputs: [{ name: 'x', shape: [2, 6, 10, 9] }],
      initializers: [
        i64('starts', [1, -7]),
        i64('ends', [100, -1]),
        i64('axes', [1, 3]),
        i64('steps', [2, 3]),
        i64('pads', [0, 0, 1, 2, 0, 1, 0, 3]),
        i64('split', [3, 7]),
        i64('ax0', [0]),
        i64('ax2', [2]),
        { name: 'idx', dims: [2], dtype: 'int64', values: [4, -1] },
        i64('k', [5]),
        i64('flatShape', [0, -1]),
        { name: 'fcw', dims: [2, 6] },
      ],
      nodes: [
        { op: 'Slice', inputs: ['x', 'starts', 'ends', 'axes', 'steps'], outputs: ['s'] },
        { op: 'Pad', inputs: ['s', 'pads'], outputs: ['p'] },
        { op: 'Concat', inputs: ['p', 'p'], outputs: ['cat'], attrs: { axis: 1 } },
        { op: 'Transpose', inputs: ['cat'], outputs: ['tr'], attrs: { perm: [0, 2, 3, 1] } },
        { op: 'Split', inputs: ['x', 'split'], outputs: ['sp1', 'sp2'], attrs: { axis: 2 } },
        { op: 'ReduceMean', inputs: ['sp2'], outputs: ['rm'], attrs: { axes: [1, -1], keepdims: 0 } },
        { op: 'Gather', inputs: ['x', 'idx'], outputs: ['ga'], attrs: { axis: 2 } },
        { op: 'Unsqueeze', inputs: ['rm', 'ax0'], outputs: ['un'] },
        { op: 'Squeeze', inputs: ['un', 'ax0'], outputs: ['sq'] },
        { op: 'TopK', inputs: ['x', 'k'], outputs: ['topv', 'topi'], attrs: { axis: 3 } },
        { op: 'Softmax', inputs: ['topv'], outputs: ['sm'], attrs: { axis: -1 } },
        { op: 'Reshape', inputs: ['sm', 'flatShape'], outputs: ['fl'] },
        { op: 'Slice', inputs: ['fl', 'ax0', 'k', 'ax0'], outputs: ['rows'] },
        { op: 'Flatten', inputs: ['ga'], outputs: ['fg'], attrs: { axis: 2 } },
        { op: 'Gemm', inputs: ['rm', 'fcw'], outputs: ['gemm'], attrs: { transA: 1 } },
        { op: 'Unsqueeze', inputs: ['gemm', 'ax2'], outputs: ['gu'] },
      ],
    });
  });
});
