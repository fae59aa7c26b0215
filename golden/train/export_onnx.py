"""Exports a checkpoint to ONNX with hil's decoded-softmax convention:
boxes [B, N, 4] normalised (x1, y1, x2, y2) and scores [B, N, C] softmax, class 0 = background.
The batch axis is dynamic so throughput scenarios can batch."""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

import ssd_lib as L


class Decoded(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model
        self.register_buffer("priors", L.make_priors()[None])

    def forward(self, x):
        loc, conf = self.model(x)
        return L.decode(loc, self.priors), F.softmax(conf, -1)


def load(ckpt_path, num_classes=5):
    from train import build  # noqa: avoids a cycle at import time

    ck = torch.load(ckpt_path, map_location="cpu")
    meta = ck["meta"]
    model = build(meta["arch"], num_classes, meta.get("widths"))
    model.load_state_dict(ck["state"])
    model.eval()
    return model, meta


def export(model, out):
    wrapped = Decoded(model).eval()
    torch.onnx.export(
        wrapped, torch.zeros(1, 3, L.INPUT, L.INPUT), out, opset_version=13,
        input_names=["input"], output_names=["boxes", "scores"],
        dynamic_axes={"input": {0: "batch"}, "boxes": {0: "batch"}, "scores": {0: "batch"}},
        do_constant_folding=True,
    )


def cmd_export(a):
    model, meta = load(a.ckpt)
    export(model, a.out)
    info = dict(meta, file=os.path.basename(a.out), bytes=os.path.getsize(a.out), torch=torch.__version__)
    if a.seed is not None:
        info["seed"] = a.seed
    if a.priors_json:
        priors = dict(imageSize=[L.INPUT, L.INPUT], variances=list(L.VARIANCES), layers=L.PRIOR_LAYERS)
        json.dump(priors, open(a.priors_json, "w"), indent=1)
    if a.meta:
        json.dump(info, open(a.meta, "w"), indent=2)
    print(json.dumps(info))


def add_parser(sub):
    e = sub.add_parser("export")
    e.add_argument("--ckpt", required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--meta", default=None, help="write the checkpoint's metadata (MACs, steps, AP) as JSON")
    e.add_argument("--seed", type=int, default=None, help="training seed, recorded in the metadata")
    e.add_argument("--priors-json", default=None, help="write the prior-box parameters (manifest `priors`)")
    e.set_defaults(fn=cmd_export)
