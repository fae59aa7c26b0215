"""Post-training int8 quantization of vgg-ssd-mini-pruned into an explicitly quantized ONNX (Q/DQ).

  train.py quantize --fp32 golden/models/vgg-ssd-mini-pruned.onnx --out golden/models/vgg-ssd-mini-pruned-int8.onnx

1. The FP32 network is rebuilt in torch from the shipped FP32 ONNX file (BatchNorm is already
   folded into its Conv weights and biases there), so the int8 model quantizes exactly the weights
   hil measures; the rebuilt network's val AP is checked against the FP32 one.
2. Fake quantization (TensorRT's explicit-quantization convention, which onnxruntime runs too):
   - weights: int8, symmetric, per output channel, scale = max|w| / 127 (zero point 0);
   - activations: int8, symmetric, per tensor (zero point 0): the network input and every ReLU
     output (each max pool output reuses its input's scale, so the pool commutes with quantization);
     scales from torch.ao HistogramObserver (quantization-error search over a histogram) on
     calibration pictures of the TRAINING split (never the val split), no augmentation;
   - the SSD head convolutions take quantized inputs and weights and give float outputs; box
     decoding and softmax stay float, so the outputs are the FP32 model's (boxes, scores).
3. torch.onnx.export (opset 13) writes QuantizeLinear/DequantizeLinear pairs. Then, as
   onnxruntime's own quantizer does, each constant weight's QuantizeLinear is evaluated once
   (int8 initializer -> DequantizeLinear) and each Conv bias becomes int32 with scale
   input_scale x weight_scale (-> DequantizeLinear), so the file holds int8 weights.
"""
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import ssd_lib as L

# onnx and torch.ao are imported where they are used, so that train.py's other commands load
# exactly what they loaded before this module existed.

CHAIN = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "e1a", "e1b", "e2a", "e2b", "e3"]
SOURCES = ["c6", "c7", "e1b", "e2b", "e3"]
QMIN, QMAX = -128, 127


class ActQuant(nn.Module):
    """Per-tensor symmetric int8 fake quantization with a histogram observer (calibration mode)."""

    def __init__(self):
        super().__init__()
        from torch.ao.quantization.observer import HistogramObserver

        self.mode = "float"  # float | observe | quant
        self.observer = HistogramObserver(dtype=torch.qint8, qscheme=torch.per_tensor_symmetric)
        self.scale = None
        self.zero_point = 0

    def forward(self, x):
        if self.mode == "observe":
            self.observer(x)
        elif self.mode == "quant":
            return torch.fake_quantize_per_tensor_affine(x, self.scale, self.zero_point, QMIN, QMAX)
        return x

    def freeze(self):
        scale, zp = self.observer.calculate_qparams()
        assert int(zp) == 0
        self.scale, self.zero_point = float(scale), 0


class SharedQuant(nn.Module):
    """Re-quantizes with another ActQuant's scale (after a max pool: exact, keeps the Q/DQ chain)."""

    def __init__(self, source):
        super().__init__()
        self.source = [source]  # a list, so the module is not registered twice

    def forward(self, x):
        src = self.source[0]
        return torch.fake_quantize_per_tensor_affine(x, src.scale, src.zero_point, QMIN, QMAX) if src.mode == "quant" else x


class QConv(nn.Module):
    """Conv2d (BN folded, with bias) whose weight is fake-quantized per output channel."""

    def __init__(self, weight, bias, stride, padding):
        super().__init__()
        self.weight = nn.Parameter(torch.from_numpy(weight.copy()), requires_grad=False)
        self.bias = nn.Parameter(torch.from_numpy(bias.copy()), requires_grad=False)
        self.stride, self.padding = stride, padding
        amax = self.weight.detach().abs().amax(dim=(1, 2, 3)).clamp(min=1e-12)
        self.register_buffer("w_scale", (amax / 127).float())
        self.register_buffer("w_zero_point", torch.zeros(weight.shape[0], dtype=torch.int32))
        self.quant = False

    def forward(self, x):
        w = self.weight
        if self.quant:
            w = torch.fake_quantize_per_channel_affine(w, self.w_scale, self.w_zero_point, 0, QMIN, QMAX)
        return F.conv2d(x, w, self.bias, self.stride, self.padding)


class QVggSsd(nn.Module):
    """vgg-ssd-mini(-pruned) with folded BatchNorm and fake-quantization points (ssd_lib.VggSsdMini's
    topology: c2 and c4 are followed by 2x2 max pools; sources c6, c7, e1b, e2b, e3)."""

    def __init__(self, convs):
        super().__init__()
        self.convs = nn.ModuleDict({k: QConv(*v) for k, v in convs.items()})
        self.q_in = ActQuant()
        self.q = nn.ModuleDict({k: ActQuant() for k in CHAIN})
        self.q_pool2 = SharedQuant(self.q["c2"])
        self.q_pool4 = SharedQuant(self.q["c4"])
        self.num_classes = convs["conf_0"][0].shape[0] // L.priors_per_location(L.PRIOR_LAYERS[0])

    def layer(self, name, x):
        return self.q[name](F.relu(self.convs[name](x)))

    def forward(self, x):
        x = self.q_in(x)
        x = self.layer("c2", self.layer("c1", x))
        x = self.q_pool2(F.max_pool2d(x, 2))
        x = self.layer("c4", self.layer("c3", x))
        x = self.q_pool4(F.max_pool2d(x, 2))
        a = self.layer("c6", self.layer("c5", x))
        b = self.layer("c7", a)
        c = self.layer("e1b", self.layer("e1a", b))
        d = self.layer("e2b", self.layer("e2a", c))
        e = self.layer("e3", d)
        n = x.shape[0]
        locs, confs = [], []
        for i, s in enumerate([a, b, c, d, e]):
            locs.append(self.convs[f"loc_{i}"](s).permute(0, 2, 3, 1).reshape(n, -1, 4))
            confs.append(self.convs[f"conf_{i}"](s).permute(0, 2, 3, 1).reshape(n, -1, self.num_classes))
        return torch.cat(locs, 1), torch.cat(confs, 1)

    def set_mode(self, mode):
        for m in [self.q_in, *self.q.values()]:
            m.mode = mode
        for c in self.convs.values():
            c.quant = mode == "quant"


def count_macs(model):
    """Conv MACs for one picture, as ssd_lib.count_macs counts them."""
    total = [0]

    def hook(m, inp, out):
        total[0] += out.numel() // out.shape[0] * m.weight.shape[1] * m.weight.shape[2] * m.weight.shape[3]

    hs = [m.register_forward_hook(hook) for m in model.convs.values()]
    with torch.no_grad():
        model(torch.zeros(1, 3, L.INPUT, L.INPUT))
    for h in hs:
        h.remove()
    return total[0]


def read_fp32_convs(path):
    """{layer: (weight, bias, stride, padding)} from the FP32 ONNX export of VggSsdMini."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(path)
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    convs = {}
    for node in model.graph.node:
        if node.op_type != "Conv":
            continue
        parts = node.name.split("/")  # /model/c1/block/block.0/Conv, /model/heads/loc.0/Conv
        name = parts[3].replace(".", "_") if parts[2] == "heads" else parts[2]
        att = {a.name: list(a.ints) for a in node.attribute}
        assert att["pads"][:2] == att["pads"][2:] and att.get("group", [1]) in ([], [1])
        convs[name] = (inits[node.input[1]], inits[node.input[2]], tuple(att["strides"]), tuple(att["pads"][:2]))
    assert set(convs) == set(CHAIN) | {f"{h}_{i}" for h in ("loc", "conf") for i in range(5)}, sorted(convs)
    return convs


def fold_weight_quantization(path):
    """Q(W) of constant weights -> int8 initializers; float Conv biases -> int32 + DequantizeLinear."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(path)
    g = model.graph
    # The exporter shares equal constants (all the zero points) through Identity nodes: read through them.
    init_names = {i.name for i in g.initializer}
    alias = {n.output[0]: n.input[0] for n in g.node if n.op_type == "Identity" and n.input[0] in init_names}
    kept = [n for n in g.node if not (n.op_type == "Identity" and n.output[0] in alias)]
    for n in kept:
        for k, i in enumerate(n.input):
            if i in alias:
                n.input[k] = alias[i]
    for o in g.output:
        assert o.name not in alias
    del g.node[:]
    g.node.extend(kept)
    consts = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    for node in g.node:  # constants and casts of constants, in graph order
        if node.op_type == "Constant":
            consts[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
        elif node.op_type == "Cast" and node.input[0] in consts:
            to = onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[node.attribute[0].i]
            consts[node.output[0]] = consts[node.input[0]].astype(to)
    producer = {o: n for n in g.node for o in n.output}
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    remove, new_inits = set(), []
    for node in list(g.node):
        if node.op_type != "QuantizeLinear" or node.input[0] not in consts:
            continue
        x, scale, zp = (consts[i] for i in node.input[:3])
        axis = next((a.i for a in node.attribute if a.name == "axis"), 1)
        shape = [1] * x.ndim
        if scale.ndim == 1:
            shape[axis] = -1
        # ONNX QuantizeLinear: saturate(round_half_to_even(x / scale) + zero_point)
        q = np.clip(np.rint(x.astype(np.float32) / scale.reshape(shape)) + zp.reshape(shape).astype(np.int32), QMIN, QMAX)
        name = node.input[0] + "_quantized"
        new_inits.append(numpy_helper.from_array(q.astype(np.int8), name))
        for c in consumers[node.output[0]]:
            c.input[list(c.input).index(node.output[0])] = name
        remove.add(id(node))
    kept = [n for n in g.node if id(n) not in remove]
    del g.node[:]
    g.node.extend(kept)
    g.initializer.extend(new_inits)
    # int32 biases: scale = input scale x weight scale (per output channel), zero point 0
    producer = {o: n for n in g.node for o in n.output}
    consts.update({i.name: numpy_helper.to_array(i) for i in new_inits})
    extra_nodes = []
    for node in g.node:
        if node.op_type != "Conv" or len(node.input) < 3 or node.input[2] not in consts:
            continue
        dq_x, dq_w = producer.get(node.input[0]), producer.get(node.input[1])
        if not (dq_x is not None and dq_w is not None and dq_x.op_type == dq_w.op_type == "DequantizeLinear"):
            continue
        s_x = consts[dq_x.input[1]].astype(np.float32)
        s_w = consts[dq_w.input[1]].astype(np.float32)
        s_b = (s_x * s_w).astype(np.float32)
        b = consts[node.input[2]].astype(np.float32)
        bq = np.rint(b / s_b).astype(np.int64)
        assert np.abs(bq).max() < 2 ** 31
        base = node.input[2]
        new = [numpy_helper.from_array(bq.astype(np.int32), base + "_quantized"),
               numpy_helper.from_array(s_b, base + "_scale"),
               numpy_helper.from_array(np.zeros_like(bq, dtype=np.int32), base + "_zero_point")]
        g.initializer.extend(new)
        extra_nodes.append((node, helper.make_node("DequantizeLinear", [n.name for n in new], [base + "_dequantized"],
                                                   name=base + "_DequantizeLinear", axis=0)))
        node.input[2] = base + "_dequantized"
    for conv, dq in extra_nodes:
        g.node.insert(list(g.node).index(conv), dq)
    # Drop initializers nothing reads any more (the float weights and biases).
    used = {i for n in g.node for i in n.input} | {o.name for o in g.output}
    kept_inits = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(kept_inits)
    onnx.checker.check_model(model)
    onnx.save(model, path)


def cmd_quantize(a):
    import train as T
    import export_onnx as E

    t0 = time.time()
    torch.manual_seed(a.seed)
    data, val = T.Data(a.train), T.Data(a.val)
    priors = L.make_priors()
    model = QVggSsd(read_fp32_convs(a.fp32)).eval()
    model.set_mode("float")
    ap_fp32 = T.evaluate(model, val, priors)
    model.eval()
    T.log(f"FP32 (rebuilt from {os.path.basename(a.fp32)}): val AP@0.5 {ap_fp32:.4f}")
    # Calibration: a seeded sample of training pictures, no augmentation.
    gen = torch.Generator().manual_seed(a.seed)
    idx = torch.randperm(len(data), generator=gen)[:a.calib]
    model.set_mode("observe")
    with torch.no_grad():
        for s in range(0, len(idx), 50):
            model(T.normalise(data.x[idx[s:s + 50]]))
    for m in [model.q_in, *model.q.values()]:
        m.freeze()
    model.set_mode("quant")
    ap_int8 = T.evaluate(model, val, priors)
    model.eval()
    T.log(f"int8 fake-quant: val AP@0.5 {ap_int8:.4f} ({100 * (ap_int8 - ap_fp32):+.2f} points)")
    wrapped = E.Decoded(model).eval()
    torch.onnx.export(wrapped, torch.zeros(1, 3, L.INPUT, L.INPUT), a.out, opset_version=13,
                      input_names=["input"], output_names=["boxes", "scores"],
                      dynamic_axes={"input": {0: "batch"}, "boxes": {0: "batch"}, "scores": {0: "batch"}},
                      do_constant_folding=True)
    fold_weight_quantization(a.out)
    seconds = time.time() - t0
    import onnx

    ops = {}
    for n in onnx.load(a.out).graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    meta = dict(
        arch="vgg", quantization="int8 Q/DQ (explicit), post-training", weights="int8 symmetric per output channel, scale max|w|/127",
        activations="int8 symmetric per tensor (HistogramObserver), network input and every ReLU output",
        heads="quantized inputs and weights, float outputs; decoding and softmax in float",
        bias="int32, scale input x weight", calibration_split=os.path.basename(os.path.normpath(a.train)),
        calibration_pictures=int(len(idx)), calibration_seed=a.seed, fp32_file=os.path.basename(a.fp32),
        val_ap50_fp32=ap_fp32, val_ap50=ap_int8, macs=count_macs(model),
        activation_scales={k: m.scale for k, m in [("input", model.q_in), *model.q.items()]},
        ops=ops, seconds=round(seconds), steps=0, file=os.path.basename(a.out), bytes=os.path.getsize(a.out),
        torch=torch.__version__, seed=a.seed,
    )
    if a.meta:
        json.dump(meta, open(a.meta, "w"), indent=2)
    T.log(f"wrote {a.out} ({meta['bytes']} bytes) in {seconds:.0f}s: {ops}")


def add_parser(sub, cache):
    q = sub.add_parser("quantize", help="int8 Q/DQ post-training quantization of the FP32 pruned model")
    q.add_argument("--fp32", required=True, help="FP32 ONNX of a vgg-ssd-mini network (BN folded)")
    q.add_argument("--out", required=True)
    q.add_argument("--meta", default=None)
    q.add_argument("--calib", type=int, default=1000, help="calibration pictures from the training split")
    q.add_argument("--seed", type=int, default=8)
    q.add_argument("--train", default=os.path.join(cache, "train-s1001"))
    q.add_argument("--val", default=os.path.join(cache, "val-s7"))
    q.set_defaults(fn=cmd_quantize)
