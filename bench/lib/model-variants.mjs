// Real model variants for the regression benchmark, made by editing the ONNX graph (protobufjs
// with hil's ONNX schema), never by scaling measured samples:
//  - heavier: identity convolutions inserted after chosen ReLUs: the same detections, more compute;
//  - renamed: the same network with another producer string: new bytes (a "changed" file for
//    --compare-to), the same compute (what a false alarm would be measured on).
import path from 'node:path';

export async function modelVariants(dist) {
  const { onnxModelType } = await import(path.join(dist, 'onnx', 'onnx-schema.js'));
  const type = onnxModelType();
  const root = type.root;
  const NodeProto = root.lookupType('onnx.NodeProto');
  const TensorProto = root.lookupType('onnx.TensorProto');
  const AttributeProto = root.lookupType('onnx.AttributeProto');

  /** Identity k×k convolution weights for `channels` channels (1 at the centre of c→c). */
  function identityWeights(channels, k) {
    const w = new Float32Array(channels * channels * k * k);
    const c = (k - 1) / 2;
    for (let ch = 0; ch < channels; ch += 1) w[((ch * channels + ch) * k + c) * k + c] = 1;
    return w;
  }

  /**
   * The model with an identity k×k convolution after the ReLU that follows each named Conv
   * (`insertions`: [{ conv: node name, channels, kernel }]); consumers read the new output.
   */
  function heavier(bytes, insertions) {
    const model = type.decode(bytes);
    const graph = model.graph;
    insertions.forEach((ins, n) => {
      const conv = graph.node.find((x) => x.name === ins.conv);
      if (!conv) throw new Error(`no node ${ins.conv}`);
      const relu = graph.node.find((x) => x.op_type === 'Relu' && x.input[0] === conv.output[0]);
      if (!relu) throw new Error(`no ReLU after ${ins.conv}`);
      const source = relu.output[0];
      const out = `${source}/hil_identity_${n}`;
      const weight = `hil_identity_${n}_w`;
      for (const node of graph.node) node.input = node.input.map((i) => (i === source ? out : i));
      for (const o of graph.output) if (o.name === source) o.name = out;
      const k = ins.kernel;
      graph.initializer.push(TensorProto.fromObject({ name: weight, dims: [ins.channels, ins.channels, k, k], data_type: 1, raw_data: Buffer.from(identityWeights(ins.channels, k).buffer) }));
      const pad = (k - 1) / 2;
      const node = NodeProto.fromObject({
        name: `hil_identity_${n}`,
        op_type: 'Conv',
        input: [source, weight],
        output: [out],
        attribute: [AttributeProto.fromObject({ name: 'kernel_shape', type: 7, ints: [k, k] }), AttributeProto.fromObject({ name: 'pads', type: 7, ints: [pad, pad, pad, pad] })],
      });
      graph.node.splice(graph.node.indexOf(relu) + 1, 0, node);
    });
    return Buffer.from(type.encode(model).finish());
  }

  /** The same network, other bytes: only the producer string differs. */
  function renamed(bytes, producer) {
    const model = type.decode(bytes);
    model.producer_version = producer;
    return Buffer.from(type.encode(model).finish());
  }

  return { heavier, renamed };
}
