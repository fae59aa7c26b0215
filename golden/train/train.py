"""Trains, prunes (Parsimonious Inference) and exports the hil golden SSD models.

  train.py train  --arch vgg|squeeze --steps N --out CKPT
  train.py prune  --base CKPT --out CKPT --util-json FILE      (gates + sparsity, prune, fine-tune)
  train.py export --ckpt CKPT --out MODEL.onnx
Data: golden/.cache/<split>/raw-160x160.u8 + annotations.json written by `hil golden generate`.
Run with Debian's /usr/bin/python3 (torch 1.13).
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ssd_lib as L  # noqa: E402

torch.set_num_threads(int(os.environ.get("GOLDEN_THREADS", "2")))
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CACHE = os.path.join(ROOT, "golden", ".cache")


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


class Data:
    """All pictures of one split in memory as uint8 (N, 3, 160, 160) plus normalised xyxy boxes."""

    def __init__(self, folder):
        ann = json.load(open(os.path.join(folder, "annotations.json")))
        self.categories = [c["name"] for c in sorted(ann["categories"], key=lambda c: c["id"])]
        n = len(ann["images"])
        raw = np.fromfile(os.path.join(folder, f"raw-{L.INPUT}x{L.INPUT}.u8"), dtype=np.uint8)
        self.x = torch.from_numpy(raw.reshape(n, L.INPUT, L.INPUT, 3)).permute(0, 3, 1, 2).contiguous()
        index = {im["id"]: k for k, im in enumerate(ann["images"])}
        sizes = {im["id"]: (im["width"], im["height"]) for im in ann["images"]}
        boxes = [[] for _ in range(n)]
        labels = [[] for _ in range(n)]
        for a in ann["annotations"]:
            w, h = sizes[a["image_id"]]
            x, y, bw, bh = a["bbox"]
            k = index[a["image_id"]]
            boxes[k].append([x / w, y / h, (x + bw) / w, (y + bh) / h])
            labels[k].append(a["category_id"])
        self.boxes = [torch.tensor(b, dtype=torch.float32).reshape(-1, 4) for b in boxes]
        self.labels = [torch.tensor(l, dtype=torch.long) for l in labels]
        self.version = ann.get("info", {}).get("version")

    def __len__(self):
        return self.x.shape[0]


def normalise(x_u8):
    return (x_u8.float() - 127.5) / 127.5


def batch(data, idx, gen, priors, priors_xyxy, augment=True):
    xs, loc_t, lab_t = [], [], []
    for i in idx.tolist():
        x = data.x[i]
        b = data.boxes[i].clone()
        if augment and torch.rand(1, generator=gen).item() < 0.5:
            x = x.flip(2)
            b[:, [0, 2]] = 1 - b[:, [2, 0]]
        if augment and torch.rand(1, generator=gen).item() < 0.5:
            x = x.flip(1)
            b[:, [1, 3]] = 1 - b[:, [3, 1]]
        l, c = L.match(b, data.labels[i], priors_xyxy, priors)
        xs.append(x)
        loc_t.append(l)
        lab_t.append(c)
    return normalise(torch.stack(xs)), torch.stack(loc_t), torch.stack(lab_t)


def evaluate(model, data, priors, limit=None):
    model.eval()
    dets, gts = [], []
    n = len(data) if limit is None else min(limit, len(data))
    with torch.no_grad():
        for s in range(0, n, 50):
            loc, conf = model(normalise(data.x[s:s + 50]))
            dets += L.detect(loc, conf, priors)
    gts = [(data.boxes[i], data.labels[i]) for i in range(n)]
    model.train()
    return L.average_precision(dets, gts, len(data.categories) + 1)


def build(arch, num_classes, widths=None, gated=False):
    if arch == "vgg":
        return L.VggSsdMini(num_classes, widths, gated)
    if arch == "pva":
        return L.PvaSsdMini(num_classes, widths)
    return L.SqueezeSsdMini(num_classes)


def fit(model, data, val, steps, lr, seed, out, extra_loss=None, param_groups=None, eval_every=300, tag="",
        should_stop=None):
    priors = L.make_priors()
    priors_xyxy = L.cxcywh_to_xyxy(priors)
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(param_groups or model.parameters(), lr=lr, weight_decay=5e-4)
    base_lrs = [g["lr"] for g in opt.param_groups]
    model.train()
    t0 = time.time()
    for step in range(1, steps + 1):
        warm = min(1.0, step / 30)
        cos = 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * step / steps))
        for g, b in zip(opt.param_groups, base_lrs):
            g["lr"] = b * warm * cos
        idx = torch.randint(0, len(data), (32,), generator=gen)
        x, loc_t, lab_t = batch(data, idx, gen, priors, priors_xyxy)
        loc, conf = model(x)
        ll, lc = L.multibox_loss(loc, conf, loc_t, lab_t)
        loss = ll + lc
        extra = extra_loss() if extra_loss else None
        if extra is not None:
            loss = loss + extra
        opt.zero_grad()
        loss.backward()
        opt.step()
        if should_stop is not None and should_stop():
            log(f"{tag} stopped at step {step}")
            break
        if step % 20 == 0:
            log(f"{tag} step {step}/{steps} loc {ll.item():.3f} conf {lc.item():.3f}"
                + (f" sparsity {extra.item():.3f}" if extra is not None else "") + f" {time.time() - t0:.0f}s")
        if step % eval_every == 0 or step == steps:
            ap = evaluate(model, val, priors)
            log(f"{tag} step {step} val AP@0.5 {ap:.4f}")
            if out:
                save(out, model, step, time.time() - t0, ap)
    return time.time() - t0


def save(path, model, steps, seconds, ap, **extra):
    meta = dict(arch=getattr(model, "arch", "vgg"), widths=getattr(model, "widths", None), steps=steps,
                seconds=round(seconds), val_ap50=ap, macs=L.count_macs(model),
                **getattr(model, "extra_meta", {}), **extra)
    torch.save(dict(state=model.state_dict(), meta=meta), path + ".tmp")
    os.replace(path + ".tmp", path)
    model.train()


def cmd_train(a):
    torch.manual_seed(a.seed)
    data, val = Data(a.train), Data(a.val)
    init = torch.load(a.init, map_location="cpu") if a.init else None
    # A continued checkpoint keeps its own channel widths (a pruned network is narrower).
    model = build(a.arch, len(data.categories) + 1, init["meta"].get("widths") if init else None)
    model.arch = a.arch
    if init:
        # Continue from a checkpoint with a fresh schedule (a second, lower-rate cosine cycle).
        model.load_state_dict(init["state"])
        model.extra_meta = dict(init_steps=init["meta"]["steps"] + init["meta"].get("init_steps", 0),
                                init_seconds=init["meta"]["seconds"] + init["meta"].get("init_seconds", 0))
    log(f"train {a.arch}: {L.count_macs(model) / 1e6:.1f} MMACs, {len(data)} pictures")
    fit(model, data, val, a.steps, a.lr, a.seed, a.out, tag=a.arch)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--arch", choices=["vgg", "squeeze", "pva"], required=True)
    t.add_argument("--steps", type=int, default=1000)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--train", default=os.path.join(CACHE, "train-s1001"))
    t.add_argument("--val", default=os.path.join(CACHE, "val-s7"))
    t.add_argument("--out", required=True)
    t.add_argument("--init", default=None, help="start from this checkpoint's weights")
    t.set_defaults(fn=cmd_train)
    import prune_pi
    import export_onnx
    import yolo
    import quantize_int8
    prune_pi.add_parser(sub, CACHE)
    export_onnx.add_parser(sub)
    yolo.add_parser(sub, CACHE)
    quantize_int8.add_parser(sub, CACHE)
    a = p.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
