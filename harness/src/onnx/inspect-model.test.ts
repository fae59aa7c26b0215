import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildOnnx, type ModelDescription } from '../../../test/fixtures/onnx/build-onnx.js';
import { inspectModelFile, inspectOnnx, inspectionJson, type ModelInspection } from './inspect-model.js';
import { decodeOnnx } from './read-onnx.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/onnx/${name}`, import.meta.url));

function inspectDescription(description: ModelDescription): ModelInspection {
  const bytes = buildOnnx(description);
  return inspectOnnx({ file: 'built.onnx', sizeBytes: bytes.length, model: decodeOnnx(bytes, 'built.onnx') }, 'built');
}

const macsByLayer = (inspection: ModelInspection) => Object.fromEntries(inspection.layers.map((l) => [l.name, l.macs]));

describe('inspect a model written by onnx.helper (test/fixtures/onnx/make-fixtures.py)', () => {
  it('cnn-mix: grouped, dilated, SAME_UPPER, ConvTranspose, Gemm and MatMul MACs by hand', async () => {
    const model = await inspectModelFile(fixture('cnn-mix.onnx'), 'cnn-mix');
    expect(macsByLayer(model)).toEqual({
      // x [1,4,16,16], W [8,2,3,3], group 2, pads 1: Y [1,8,16,16]; |Y| · (4/2) · 3·3
      grouped: 8 * 16 * 16 * 2 * 9,
      // dilation 2, stride 2, no pads: floor((16 - 2·2 - 1) / 2) + 1 = 6; |Y| · 8 · 9
      dilated: 8 * 6 * 6 * 8 * 9,
      // SAME_UPPER stride 2: ceil(6 / 2) = 3; W [4,8,3,3]
      same_upper: 4 * 3 * 3 * 8 * 9,
      // X [1,4,3,3], W [4,3,4,4]: every input element meets 3 · 4·4 taps
      deconv: 4 * 3 * 3 * 3 * 16,
      // [1,27] x [27,10] (B stored as [10,27], transB)
      fc: 27 * 10,
      // [1,2,5] x [5,6]
      project: 2 * 5 * 6,
    });
    expect(model.macs).toBe(36864 + 20736 + 2592 + 1728 + 270 + 60);
    // Weights and biases; the int64 Reshape target is not a parameter.
    expect(model.params).toBe(8 * 2 * 9 + 8 + 8 * 8 * 9 + 4 * 8 * 9 + 4 * 3 * 16 + 10 * 27 + 10 + 5 * 6);
    expect(model.opset).toBe(13);
    expect(model.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: ['batch', 4, 16, 16] }]);
    // The file leaves the last output dim open; hil fills it from its own inference.
    expect(model.outputs).toEqual([{ name: 'y', dtype: 'float32', shape: ['batch', 2, 6] }]);
    expect(model.details.batchAssumed).toEqual(['x']);
    expect(model.layers.find((l) => l.name === 'deconv')?.outputShape).toEqual([1, 3, 6, 6]);
  });

  it('legacy IR 3: initializers listed as inputs are not inputs; Upsample scales are not parameters', async () => {
    const model = await inspectModelFile(fixture('legacy-ir3.onnx'), 'legacy');
    expect(model.inputs.map((i) => i.name)).toEqual(['data']);
    expect(model.opset).toBe(9);
    expect(model.params).toBe(6 * 3 * 9 + 2 * 6);
    // conv [1,6,10,12] · 3·3·3, then Upsample x2 and a 1x1 conv to [1,2,20,24] · 6
    expect(model.macs).toBe(6 * 10 * 12 * 27 + 2 * 20 * 24 * 6);
  });

  it('--json has exactly the documented keys', async () => {
    const json = inspectionJson(await inspectModelFile(fixture('cnn-mix.onnx'), 'cnn-mix'));
    expect(Object.keys(json)).toEqual(['name', 'file', 'params', 'nodes', 'macs', 'sizeMB', 'opset', 'inputs', 'outputs', 'layers']);
    expect(json.sizeMB).toBeGreaterThan(0.005);
    expect(json.sizeMB).toBeLessThan(0.05);
  });
});

describe('MACs of single layers (built with protobufjs)', () => {
  const single = (node: ModelDescription['nodes'][number], input: number[], weights: ModelDescription['initializers']) =>
    inspectDescription({ inputs: [{ name: 'x', shape: input }], outputs: [{ name: 'y' }], initializers: weights, nodes: [node] });

  it('Conv with asymmetric pads and stride 2 on a non-square input', () => {
    const model = single({ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { pads: [0, 1, 2, 0], strides: [2, 2] } }, [1, 3, 11, 20], [{ name: 'w', dims: [5, 3, 3, 3] }]);
    // H: floor((11 + 0 + 2 - 3) / 2) + 1 = 6; W: floor((20 + 1 + 0 - 3) / 2) + 1 = 10
    expect(model.layers[0]?.outputShape).toEqual([1, 5, 6, 10]);
    expect(model.macs).toBe(5 * 6 * 10 * 3 * 9);
  });

  it('depthwise Conv with SAME_LOWER', () => {
    const model = single({ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { group: 16, auto_pad: 'SAME_LOWER', strides: [2, 2] } }, [1, 16, 15, 15], [{ name: 'w', dims: [16, 1, 5, 5] }]);
    expect(model.layers[0]?.outputShape).toEqual([1, 16, 8, 8]);
    expect(model.macs).toBe(16 * 8 * 8 * 1 * 25);
  });

  it('grouped, dilated ConvTranspose with output_padding', () => {
    const model = single(
      { op: 'ConvTranspose', inputs: ['x', 'w'], outputs: ['y'], attrs: { group: 2, strides: [2, 3], dilations: [2, 1], pads: [1, 0, 1, 0], output_padding: [1, 2] } },
      [1, 6, 5, 4],
      [{ name: 'w', dims: [6, 4, 3, 3] }],
    );
    // H: 2·(5-1) + 1 + ((3-1)·2+1) - 2 = 12; W: 3·(4-1) + 2 + 3 - 0 = 14; C_out = 4 · group 2 = 8
    expect(model.layers[0]?.outputShape).toEqual([1, 8, 12, 14]);
    expect(model.macs).toBe(6 * 5 * 4 * 4 * 9);
  });

  it('ConvTranspose with an explicit output_shape', () => {
    const model = single({ op: 'ConvTranspose', inputs: ['x', 'w'], outputs: ['y'], attrs: { strides: [2, 2], output_shape: [9, 9] } }, [1, 2, 4, 4], [{ name: 'w', dims: [2, 3, 3, 3] }]);
    expect(model.layers[0]?.outputShape).toEqual([1, 3, 9, 9]);
    expect(model.macs).toBe(2 * 4 * 4 * 3 * 9);
  });

  it('Gemm with transA', () => {
    const model = single({ op: 'Gemm', inputs: ['x', 'w'], outputs: ['y'], attrs: { transA: 1 } }, [7, 3], [{ name: 'w', dims: [7, 11] }]);
    expect(model.layers[0]?.outputShape).toEqual([3, 11]);
    expect(model.macs).toBe(3 * 7 * 11);
  });

  it('batched MatMul with broadcasting, and a matrix-vector MatMul', () => {
    const batched = single({ op: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }, [2, 1, 4, 5], [{ name: 'w', dims: [3, 5, 6] }]);
    expect(batched.layers[0]?.outputShape).toEqual([2, 3, 4, 6]);
    expect(batched.macs).toBe(2 * 3 * 4 * 6 * 5);
    const vector = single({ op: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }, [4, 5], [{ name: 'w', dims: [5] }]);
    expect(vector.layers[0]?.outputShape).toEqual([4]);
    expect(vector.macs).toBe(4 * 5);
  });
});

describe('shape propagation through exporter patterns', () => {
  it('x.view(x.size(0), -1) as Shape -> Gather -> Unsqueeze -> Concat -> Reshape, symbolic batch', () => {
    const model = inspectDescription({
      inputs: [{ name: 'x', shape: ['N', 8, 6, 6] }],
      outputs: [{ name: 'y', shape: ['N', 10] }],
      initializers: [
        { name: 'w', dims: [4, 8, 3, 3] },
        { name: 'zero', dims: [], dtype: 'int64', values: [0] },
        { name: 'minus1', dims: [1], dtype: 'int64', values: [-1] },
        { name: 'fc', dims: [36, 10] },
      ],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'], attrs: { pads: [1, 1, 1, 1] } },
        { op: 'MaxPool', inputs: ['c'], outputs: ['p'], attrs: { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 } },
        { op: 'Shape', inputs: ['p'], outputs: ['s'] },
        { op: 'Gather', inputs: ['s', 'zero'], outputs: ['n'], attrs: { axis: 0 } },
        { op: 'Unsqueeze', inputs: ['n'], outputs: ['n1'], attrs: { axes: [0] } },
        { op: 'Concat', inputs: ['n1', 'minus1'], outputs: ['target'], attrs: { axis: 0 } },
        { op: 'Reshape', inputs: ['p', 'target'], outputs: ['flat'] },
        { op: 'MatMul', inputs: ['flat', 'fc'], outputs: ['y'] },
      ],
      opset: 11,
    });
    // Conv keeps 6x6; MaxPool (ceil) 6 -> 3; Reshape target [N=1, -1] -> [1, 36]
    expect(model.layers.map((l) => l.outputShape)).toEqual([[1, 4, 6, 6], [1, 10]]);
    expect(model.macs).toBe(4 * 6 * 6 * 8 * 9 + 10 * 36);
  });

  it('reports MACs as unknown (null) rather than guessing when a shape cannot be inferred', () => {
    const model = inspectDescription({
      inputs: [{ name: 'x', shape: [1, 3, 8, 8] }],
      outputs: [{ name: 'y' }],
      initializers: [{ name: 'w', dims: [4, 3, 1, 1] }, { name: 'fc', dims: [16, 2] }],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'] },
        { op: 'MysteryOp', inputs: ['c'], outputs: ['m'] },
        { op: 'MatMul', inputs: ['m', 'fc'], outputs: ['y'] },
      ],
    });
    expect(model.macs).toBeNull();
    expect(model.layers.map((l) => l.macs)).toEqual([4 * 64 * 3, null]);
    expect(model.details.knownMacs).toBe(4 * 64 * 3);
    expect(model.details.unknownOps).toEqual(['MysteryOp']);
  });

  it('flags ops with subgraphs, whose inner MACs are not counted', () => {
    const branch = (name: string) => ({ graph: { nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: [name] }], outputs: [{ name, shape: [1, 2, 4, 4] }] } });
    const model = inspectDescription({
      inputs: [{ name: 'x', shape: [1, 3, 4, 4] }, { name: 'cond', shape: [] }],
      outputs: [{ name: 'y', shape: [1, 2, 4, 4] }],
      initializers: [{ name: 'w', dims: [2, 3, 1, 1] }],
      nodes: [{ op: 'If', inputs: ['cond'], outputs: ['y'], attrs: { then_branch: branch('a'), else_branch: branch('b') } }],
    });
    expect(model.layers).toEqual([]);
    expect(model.details.subgraphOps).toEqual(['If']);
  });
});
