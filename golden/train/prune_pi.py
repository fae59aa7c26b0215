"""Parsimonious Inference pruning of vgg-ssd-mini.

1. Add a kernel activation module (Gate) to every backbone conv and train with a sparsity
   penalty on the gates (weighted by each layer's MAC cost per kernel).
2. Measure each kernel's mean utilisation (share of pictures where it is on) on training pictures.
3. Statically prune kernels with utilisation < 5%; scale the survivors by their utilisation
   (folded into BatchNorm: u * relu(bn(x)) == relu(u * bn(x)) for u > 0).
4. Fine-tune the smaller gate-free network; it is exported as an ordinary SSD.
"""
import json
import os
import time

import torch

import ssd_lib as L

CHAIN = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "e1a", "e1b", "e2a", "e2b", "e3"]
SOURCES = ["c6", "c7", "e1b", "e2b", "e3"]


def layer_macs(model):
    """MACs per GatedConv for one picture (conv part only)."""
    out = {}
    hooks = []
    for name, m in model.gated_convs():
        conv = m.block[0]

        def hook(mod, inp, o, name=name, conv=conv):
            out[name] = o.numel() // o.shape[0] * conv.in_channels * conv.kernel_size[0] * conv.kernel_size[1]

        hooks.append(conv.register_forward_hook(hook))
    with torch.no_grad():
        was = model.training
        model.eval()
        model(torch.zeros(1, 3, L.INPUT, L.INPUT))
        model.train(was)
    for h in hooks:
        h.remove()
    return out


def estimated_ratio(model, util, macs, threshold):
    """Backbone MAC share left if kernels with utilisation < threshold were removed now."""
    keep_prev = 1.0
    before = after = 0.0
    for name in CHAIN:
        k = float((util[name] >= threshold).float().mean())
        before += macs[name]
        after += macs[name] * k * keep_prev
        keep_prev = k
    return after / before


@torch.no_grad()
def measure_utilisation(model, data, n, normalise):
    model.eval()
    sums = {name: 0 for name, _ in model.gated_convs()}
    count = 0
    for s in range(0, n, 50):
        model(normalise(data.x[s:s + 50]))
        for name, m in model.gated_convs():
            sums[name] = sums[name] + m.gate.last_hard.sum(0)
        count += min(50, n - s)
    model.train()
    return {k: v / count for k, v in sums.items()}


@torch.no_grad()
def prune(gated, util, threshold, num_classes, align=1):
    keep = {}
    for name in CHAIN:
        k = torch.nonzero(util[name] >= threshold).flatten()
        if k.numel() == 0:  # a layer may not vanish: keep its most used kernel
            k = util[name].argmax().reshape(1)
        if align > 1 and k.numel() > align and k.numel() % align:
            # Keep a multiple of `align` kernels (the most used ones): onnxruntime's CPU convolutions
            # work on blocks of 8 channels, so 43 channels cost as much as 48 and pruning would not
            # show up as latency.
            n = k.numel() // align * align
            k = k[util[name][k].argsort(descending=True)[:n]].sort().values
        keep[name] = k
    widths = dict(gated.widths)
    widths.update({n: int(keep[n].numel()) for n in CHAIN})
    small = L.VggSsdMini(num_classes, widths, gated=False)
    prev = torch.arange(3)
    for name in CHAIN:
        src, dst = getattr(gated, name).block, getattr(small, name).block
        ko = keep[name]
        u = util[name][ko]
        dst[0].weight.copy_(src[0].weight[ko][:, prev])
        dst[1].weight.copy_(src[1].weight[ko] * u)
        dst[1].bias.copy_(src[1].bias[ko] * u)
        dst[1].running_mean.copy_(src[1].running_mean[ko])
        dst[1].running_var.copy_(src[1].running_var[ko])
        prev = ko
    for i, name in enumerate(SOURCES):
        for heads in ("loc", "conf"):
            s, d = getattr(gated.heads, heads)[i], getattr(small.heads, heads)[i]
            d.weight.copy_(s.weight[:, keep[name]])
            d.bias.copy_(s.bias)
    return small, keep


def cmd_prune(a):
    import train as T

    torch.manual_seed(a.seed)
    data, val = T.Data(a.train), T.Data(a.val)
    nc = len(data.categories) + 1
    ck = torch.load(a.base, map_location="cpu")
    base_meta = ck["meta"]
    gated = L.VggSsdMini(nc, base_meta["widths"], gated=True)
    missing, unexpected = gated.load_state_dict(ck["state"], strict=False)
    assert not unexpected and all(".gate." in m for m in missing), (missing, unexpected)
    macs = layer_macs(gated)
    total = sum(macs.values())
    convs = dict(gated.gated_convs())
    weights = {n: macs[n] / total for n in CHAIN}
    ema = {n: torch.ones(convs[n].gate.fc.out_features) for n in CHAIN}
    state = dict(step=0)

    def sparsity():
        state["step"] += 1
        pen = 0.0
        for n in CHAIN:
            g = convs[n].gate
            pen = pen + weights[n] * g.last_soft.mean()
            ema[n] = 0.95 * ema[n] + 0.05 * g.last_hard.mean(0).detach()
        if state["step"] % 10 == 0:
            ratio = estimated_ratio(gated, ema, macs, a.threshold)
            state["ratio"] = ratio
            if state["step"] % 20 == 0:
                T.log(f"gates: estimated backbone MAC ratio {ratio:.3f}")
        return a.penalty * pen

    gate_params = [p for n, p in gated.named_parameters() if ".gate." in n]
    rest = [p for n, p in gated.named_parameters() if ".gate." not in n]
    groups = [dict(params=rest, lr=a.lr), dict(params=gate_params, lr=a.gate_lr)]
    t0 = time.time()
    T.log(f"gated training {a.gate_steps} steps, penalty {a.penalty}")
    T.fit(gated, data, val, a.gate_steps, a.lr, a.seed, None, extra_loss=sparsity, param_groups=groups,
          eval_every=10 ** 9, tag="gated",
          # Stop once the gates have switched off enough: more steps would only prune further.
          should_stop=lambda: state["step"] >= a.min_gate_steps and state.get("ratio", 1.0) <= a.stop_ratio)
    gated_ap = T.evaluate(gated, val, L.make_priors())
    util = measure_utilisation(gated, data, min(a.util_images, len(data)), T.normalise)
    with torch.no_grad():
        small, keep = prune(gated, util, a.threshold, nc, a.align)
    base_macs = L.count_macs(L.VggSsdMini(nc, base_meta["widths"]))
    small_macs = L.count_macs(small)
    pruned_ap = T.evaluate(small, val, L.make_priors())
    T.log(f"gated AP {gated_ap:.4f}; pruned (before fine-tune) AP {pruned_ap:.4f}; MACs {small_macs / base_macs:.3f} x baseline")
    report = dict(
        method="Parsimonious Inference: per-kernel gates + sparsity penalty, prune mean utilisation < threshold",
        threshold=a.threshold, align=a.align, penalty=a.penalty, gateSteps=state["step"], gateStepsMax=a.gate_steps, measuredOnTrainingPictures=min(a.util_images, len(data)),
        baselineMacs=base_macs, prunedMacs=small_macs, macRatio=small_macs / base_macs,
        valAp50Gated=gated_ap, valAp50PrunedBeforeFinetune=pruned_ap,
        layers=[dict(name=n, kernels=int(util[n].numel()), kept=int(keep[n].numel()),
                     meanUtilisation=float(util[n].mean()),
                     utilisation=[round(float(v), 4) for v in util[n]]) for n in CHAIN],
    )
    small.arch = "vgg"
    gate_seconds = time.time() - t0
    # Fine-tuning in cosine cycles of decreasing rate ("steps:lr,steps:lr,..."); one cycle leaves
    # the pruned net short of the baseline.
    cycles = [(int(c.split(":")[0]), float(c.split(":")[1])) for c in a.finetune.split(",")]
    ft_seconds = 0.0
    report["finetune"] = []
    for i, (steps, lr) in enumerate(cycles):
        ft_seconds += T.fit(small, data, val, steps, lr, a.seed + 1 + i, a.out, tag=f"finetune{i + 1}", eval_every=10 ** 9)
        report["finetune"].append(dict(steps=steps, lr=lr, seed=a.seed + 1 + i, valAp50=T.evaluate(small, val, L.make_priors())))
    report["valAp50AfterFinetune"] = T.evaluate(small, val, L.make_priors())
    T.save(a.out, small, sum(c[0] for c in cycles), gate_seconds + ft_seconds, report["valAp50AfterFinetune"],
           gate_steps=state["step"], base_steps=base_meta["steps"] + base_meta.get("init_steps", 0),
           base_seconds=base_meta["seconds"] + base_meta.get("init_seconds", 0))
    json.dump(report, open(a.util_json, "w"), indent=1)
    T.log(f"pruned: AP {report['valAp50AfterFinetune']:.4f}, widths {small.widths}")


def add_parser(sub, cache):
    p = sub.add_parser("prune")
    p.add_argument("--base", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--util-json", required=True)
    p.add_argument("--gate-steps", type=int, default=300)
    p.add_argument("--align", type=int, default=8, help="round kept kernels per layer down to a multiple of this")
    p.add_argument("--min-gate-steps", type=int, default=100)
    p.add_argument("--stop-ratio", type=float, default=0.55, help="stop gate training once the estimated backbone MAC ratio is this low")
    p.add_argument("--penalty", type=float, default=3.0)
    p.add_argument("--threshold", type=float, default=0.05)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--gate-lr", type=float, default=3e-2)
    p.add_argument("--finetune", default="300:1e-3,300:5e-4,400:5e-4", help="fine-tuning cycles, steps:lr,...")
    p.add_argument("--util-images", type=int, default=1000)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--train", default=os.path.join(cache, "train-s1001"))
    p.add_argument("--val", default=os.path.join(cache, "val-s7"))
    p.set_defaults(fn=cmd_prune)
