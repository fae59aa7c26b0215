"""Small SSD detectors for the hil golden world: priors, backbones, multibox loss, decoding, quick AP.

Used by train.py. Everything here is deterministic given torch.manual_seed.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

INPUT = 160
VARIANCES = (0.1, 0.1, 0.2, 0.2)
# Caffe PriorBox parameters per source feature map, in input pixels (copied into the manifest).
PRIOR_LAYERS = [
    dict(featureMap=[20, 20], minSize=10, maxSize=20, aspectRatios=[2], flip=True, clip=False, offset=0.5),
    dict(featureMap=[10, 10], minSize=20, maxSize=40, aspectRatios=[2], flip=True, clip=False, offset=0.5),
    dict(featureMap=[5, 5], minSize=40, maxSize=70, aspectRatios=[2], flip=True, clip=False, offset=0.5),
    dict(featureMap=[3, 3], minSize=70, maxSize=105, aspectRatios=[2], flip=True, clip=False, offset=0.5),
    dict(featureMap=[1, 1], minSize=105, maxSize=150, aspectRatios=[2], flip=True, clip=False, offset=0.5),
]


def priors_per_location(layer):
    n = 1 + (1 if layer.get("maxSize") else 0)
    for ar in layer["aspectRatios"]:
        n += 2 if layer["flip"] else 1
    return n


def make_priors(size=INPUT):
    """Caffe PriorBox order: per cell (row-major), min box, sqrt(min*max) box, then aspect ratios."""
    out = []
    for layer in PRIOR_LAYERS:
        fh, fw = layer["featureMap"]
        step_h, step_w = size / fh, size / fw
        for i in range(fh):
            for j in range(fw):
                cx = (j + layer["offset"]) * step_w / size
                cy = (i + layer["offset"]) * step_h / size
                s = layer["minSize"] / size
                out.append([cx, cy, s, s])
                if layer.get("maxSize"):
                    s2 = math.sqrt(layer["minSize"] * layer["maxSize"]) / size
                    out.append([cx, cy, s2, s2])
                for ar in layer["aspectRatios"]:
                    r = math.sqrt(ar)
                    out.append([cx, cy, s * r, s / r])
                    if layer["flip"]:
                        out.append([cx, cy, s / r, s * r])
    return torch.tensor(out, dtype=torch.float32)  # (P, 4) cx, cy, w, h


def conv_bn(cin, cout, k=3, s=1, p=None):
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, s, k // 2 if p is None else p, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class Gate(nn.Module):
    """Kernel activation module (Parsimonious Inference): one on/off switch per output kernel,
    predicted from the layer's input by global pooling + a linear map. Forward is binary;
    gradients pass through the sigmoid (straight-through)."""

    def __init__(self, cin, cout):
        super().__init__()
        self.fc = nn.Linear(cin, cout)
        nn.init.zeros_(self.fc.weight)
        nn.init.constant_(self.fc.bias, 2.0)  # start with every kernel on
        self.last_soft = None
        self.last_hard = None

    def forward(self, x):
        s = torch.sigmoid(self.fc(x.mean(dim=(2, 3))))
        hard = (s > 0.5).float()
        self.last_soft, self.last_hard = s, hard
        return (hard + s - s.detach())[:, :, None, None]


class GatedConv(nn.Module):
    """conv-bn-relu, optionally multiplied by a Gate (pruning phase) or a fixed per-kernel scale."""

    def __init__(self, cin, cout, k=3, s=1, gated=False):
        super().__init__()
        self.block = conv_bn(cin, cout, k, s)
        self.gate = Gate(cin, cout) if gated else None
        self.macs_per_out = cin * k * k  # per output pixel and kernel, for the weighted penalty

    def forward(self, x):
        y = self.block(x)
        if self.gate is not None:
            y = y * self.gate(x)
        return y


# VGG-style widths: (name, out, stride); 'M' = 2x2 max pool.
VGG_WIDTHS = dict(c1=16, c2=32, c3=48, c4=64, c5=96, c6=96, c7=128, e1a=64, e1b=128, e2a=64, e2b=128, e3=128)


class VggSsdMini(nn.Module):
    def __init__(self, num_classes, widths=None, gated=False):
        super().__init__()
        w = dict(VGG_WIDTHS if widths is None else widths)
        self.widths = w
        g = gated
        self.c1 = GatedConv(3, w["c1"], s=2, gated=g)  # 80
        self.c2 = GatedConv(w["c1"], w["c2"], gated=g)  # 80 -> pool 40
        self.c3 = GatedConv(w["c2"], w["c3"], gated=g)  # 40
        self.c4 = GatedConv(w["c3"], w["c4"], gated=g)  # 40 -> pool 20
        self.c5 = GatedConv(w["c4"], w["c5"], gated=g)  # 20
        self.c6 = GatedConv(w["c5"], w["c6"], gated=g)  # 20: source A
        self.c7 = GatedConv(w["c6"], w["c7"], s=2, gated=g)  # 10: source B
        self.e1a = GatedConv(w["c7"], w["e1a"], k=1, gated=g)
        self.e1b = GatedConv(w["e1a"], w["e1b"], s=2, gated=g)  # 5: source C
        self.e2a = GatedConv(w["e1b"], w["e2a"], k=1, gated=g)
        self.e2b = GatedConv(w["e2a"], w["e2b"], s=2, gated=g)  # 3: source D
        self.e3 = GatedConv(w["e2b"], w["e3"], s=3, gated=g)  # 1: source E
        self.heads = SsdHeads([w["c6"], w["c7"], w["e1b"], w["e2b"], w["e3"]], num_classes)

    def sources(self, x):
        x = self.c2(self.c1(x))
        x = F.max_pool2d(x, 2)
        x = self.c4(self.c3(x))
        x = F.max_pool2d(x, 2)
        a = self.c6(self.c5(x))
        b = self.c7(a)
        c = self.e1b(self.e1a(b))
        d = self.e2b(self.e2a(c))
        e = self.e3(d)
        return [a, b, c, d, e]

    def forward(self, x):
        return self.heads(self.sources(x))

    def gated_convs(self):
        return [(n, m) for n, m in self.named_children() if isinstance(m, GatedConv)]


class Fire(nn.Module):
    def __init__(self, cin, squeeze, expand):
        super().__init__()
        self.squeeze = conv_bn(cin, squeeze, 1)
        self.e1 = conv_bn(squeeze, expand, 1)
        self.e3 = conv_bn(squeeze, expand, 3)

    def forward(self, x):
        s = self.squeeze(x)
        return torch.cat([self.e1(s), self.e3(s)], 1)


class SqueezeSsdMini(nn.Module):
    def __init__(self, num_classes):
        super().__init__()
        self.stem = conv_bn(3, 24, 3, 2)  # 80
        self.f1 = Fire(24, 8, 16)  # 80 -> pool 40
        self.f2 = Fire(32, 12, 24)
        self.f3 = Fire(48, 12, 24)  # 40 -> pool 20
        self.f4 = Fire(48, 16, 48)
        self.f5 = Fire(96, 24, 64)  # 20: source A (128)
        self.f6 = Fire(128, 24, 64)  # pool 10: source B (128)
        self.e1 = nn.Sequential(conv_bn(128, 32, 1), conv_bn(32, 96, 3, 2))  # 5
        self.e2 = nn.Sequential(conv_bn(96, 32, 1), conv_bn(32, 96, 3, 2))  # 3
        self.e3 = conv_bn(96, 96, 3, 3)  # 1
        self.heads = SsdHeads([128, 128, 96, 96, 96], num_classes)

    def forward(self, x):
        x = F.max_pool2d(self.f1(self.stem(x)), 2)
        x = F.max_pool2d(self.f3(self.f2(x)), 2)
        a = self.f5(self.f4(x))
        b = self.f6(F.max_pool2d(a, 2))
        c = self.e1(b)
        d = self.e2(c)
        e = self.e3(d)
        return self.heads([a, b, c, d, e])


class SsdHeads(nn.Module):
    """3x3 loc/conf convolutions per source map, flattened in Caffe order (H, W, prior)."""

    def __init__(self, channels, num_classes):
        super().__init__()
        self.num_classes = num_classes
        self.loc = nn.ModuleList()
        self.conf = nn.ModuleList()
        for c, layer in zip(channels, PRIOR_LAYERS):
            k = priors_per_location(layer)
            self.loc.append(nn.Conv2d(c, k * 4, 3, padding=1))
            self.conf.append(nn.Conv2d(c, k * num_classes, 3, padding=1))

    def forward(self, sources):
        n = sources[0].shape[0]
        locs, confs = [], []
        for s, lh, ch in zip(sources, self.loc, self.conf):
            locs.append(lh(s).permute(0, 2, 3, 1).reshape(n, -1, 4))
            confs.append(ch(s).permute(0, 2, 3, 1).reshape(n, -1, self.num_classes))
        return torch.cat(locs, 1), torch.cat(confs, 1)


def cxcywh_to_xyxy(b):
    return torch.cat([b[..., :2] - b[..., 2:] / 2, b[..., :2] + b[..., 2:] / 2], -1)


def encode(gt_xyxy, priors):
    g_c = (gt_xyxy[:, :2] + gt_xyxy[:, 2:]) / 2
    g_wh = (gt_xyxy[:, 2:] - gt_xyxy[:, :2]).clamp(min=1e-6)
    return torch.cat([
        (g_c - priors[:, :2]) / (VARIANCES[0] * priors[:, 2:]),
        torch.log(g_wh / priors[:, 2:]) / VARIANCES[2],
    ], 1)


def decode(loc, priors):
    c = priors[..., :2] + loc[..., :2] * VARIANCES[0] * priors[..., 2:]
    wh = priors[..., 2:] * torch.exp(loc[..., 2:] * VARIANCES[2])
    return torch.cat([c - wh / 2, c + wh / 2], -1)


def match(gt_boxes, gt_labels, priors_xyxy, priors, threshold=0.5):
    """Returns (encoded loc targets (P,4), labels (P,) with 0 = background)."""
    if gt_boxes.numel() == 0:
        return torch.zeros_like(priors), torch.zeros(priors.shape[0], dtype=torch.long)
    iou = torchvision.ops.box_iou(gt_boxes, priors_xyxy)  # (G, P)
    best_gt_iou, best_gt = iou.max(0)
    best_prior = iou.argmax(1)
    best_gt_iou[best_prior] = 2.0
    best_gt[best_prior] = torch.arange(gt_boxes.shape[0])
    labels = gt_labels[best_gt].clone()
    labels[best_gt_iou < threshold] = 0
    return encode(gt_boxes[best_gt], priors), labels


def multibox_loss(loc, conf, loc_t, labels_t, neg_ratio=3):
    pos = labels_t > 0
    n_pos = pos.sum().clamp(min=1).float()
    loss_loc = F.smooth_l1_loss(loc[pos], loc_t[pos], reduction="sum")
    ce = F.cross_entropy(conf.reshape(-1, conf.shape[-1]), labels_t.reshape(-1), reduction="none").view(labels_t.shape)
    with torch.no_grad():
        neg_ce = ce.clone()
        neg_ce[pos] = 0
        rank = neg_ce.argsort(1, descending=True).argsort(1)
        n_neg = (pos.sum(1, keepdim=True) * neg_ratio).clamp(min=8, max=pos.shape[1] - 1)
        neg = rank < n_neg
    loss_conf = ce[pos | neg].sum()
    return loss_loc / n_pos, loss_conf / n_pos


def detect(loc, conf, priors, conf_thresh=0.01, iou=0.45, top_k=200):
    """Per image: list of (boxes xyxy normalised, scores, labels 1..C-1)."""
    boxes = decode(loc, priors)
    probs = F.softmax(conf, -1)
    out = []
    for b, p in zip(boxes, probs):
        sc, lab = p[:, 1:].max(1)
        keep = sc > conf_thresh
        bb, ss, ll = b[keep], sc[keep], lab[keep] + 1
        k = torchvision.ops.batched_nms(bb, ss, ll, iou)[:top_k]
        out.append((bb[k], ss[k], ll[k]))
    return out


def average_precision(dets, gts, num_classes, iou_thr=0.5):
    """COCO-style 101-point AP at one IoU per class, then the mean. dets/gts per image:
    dets (boxes, scores, labels), gts (boxes, labels); boxes in the same units."""
    aps = []
    for c in range(1, num_classes):
        records, n_gt = [], 0
        for (db, ds, dl), (gb, gl) in zip(dets, gts):
            g = gb[gl == c]
            n_gt += g.shape[0]
            d = db[dl == c]
            s = ds[dl == c]
            order = s.argsort(descending=True)
            d, s = d[order], s[order]
            used = torch.zeros(g.shape[0], dtype=torch.bool)
            ious = torchvision.ops.box_iou(d, g) if g.numel() and d.numel() else None
            for i in range(d.shape[0]):
                tp = False
                if ious is not None:
                    row = ious[i].clone()
                    row[used] = -1
                    j = int(row.argmax())
                    if row[j] >= iou_thr:
                        used[j] = True
                        tp = True
                records.append((float(s[i]), tp))
        if n_gt == 0:
            continue
        records.sort(key=lambda r: -r[0])
        tp = torch.tensor([r[1] for r in records], dtype=torch.float32)
        ctp = tp.cumsum(0)
        recall = ctp / n_gt
        precision = ctp / torch.arange(1, len(records) + 1)
        for i in range(len(precision) - 2, -1, -1):
            precision[i] = max(precision[i], precision[i + 1])
        ap = 0.0
        for r in torch.linspace(0, 1, 101):
            idx = torch.nonzero(recall >= r)
            ap += float(precision[idx[0, 0]]) if idx.numel() else 0.0
        aps.append(ap / 101)
    return sum(aps) / max(len(aps), 1)


def count_macs(model, size=INPUT):
    """MACs of Conv2d and Linear layers for one image (hooks), gates excluded."""
    total = [0]

    def hook(m, inp, out):
        if isinstance(m, nn.Conv2d):
            total[0] += out.numel() // out.shape[0] * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
        elif isinstance(m, nn.ConvTranspose2d):  # |X| * (C_out / group) * kernel, as hil counts it
            x = inp[0]
            total[0] += x.numel() // x.shape[0] * (m.out_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    hs = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d))]
    with torch.no_grad():
        model.eval()
        model(torch.zeros(1, 3, size, size))
    for h in hs:
        h.remove()
    return total[0]


# ---------------------------------------------------------------------------------------------
# PVANet-style backbone (Kim et al. 2016, "PVANET: Deep but Lightweight Neural Networks for
# Real-time Object Detection") at the zoo's scale: C.ReLU early layers, residual mC.ReLU blocks
# with pre-activation, residual Inception blocks, and a hyper-feature map (down-scaled early map +
# middle map + up-scaled late map, concatenated, 1x1 conv) feeding the first SSD source.


class CReLU(nn.Module):
    """Concatenated ReLU: conv -> BN -> concat(x, -x) -> per-channel scale/bias -> ReLU.
    Learns half the kernels of a plain conv with the same output width (PVANet, section 2.1)."""

    def __init__(self, cin, half, k=3, s=1):
        super().__init__()
        self.conv = nn.Conv2d(cin, half, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(half)
        self.scale = nn.Parameter(torch.ones(1, 2 * half, 1, 1))
        self.bias = nn.Parameter(torch.zeros(1, 2 * half, 1, 1))

    def forward(self, x):
        x = self.bn(self.conv(x))
        return F.relu(torch.cat([x, -x], 1) * self.scale + self.bias)


class PreAct(nn.Module):
    """BN -> ReLU before a residual block (pre-activation, as in PVANet's conv3_1/.. blocks)."""

    def __init__(self, c):
        super().__init__()
        self.bn = nn.BatchNorm2d(c)

    def forward(self, x):
        return F.relu(self.bn(x))


class McReluBlock(nn.Module):
    """PVANet mC.ReLU residual block: pre-act, 1x1 reduce, 3x3 C.ReLU, 1x1 expand, + shortcut."""

    def __init__(self, cin, mid, cout, s=1, preact=True):
        super().__init__()
        self.pre = PreAct(cin) if preact else None
        self.reduce = conv_bn(cin, mid, 1, s)
        self.crelu = CReLU(mid, mid, 3)
        self.expand = nn.Sequential(nn.Conv2d(2 * mid, cout, 1, bias=False), nn.BatchNorm2d(cout))
        nn.init.zeros_(self.expand[1].weight)  # each residual branch starts as zero (Goyal et al. 2017)
        self.proj = nn.Conv2d(cin, cout, 1, s, bias=False) if (cin != cout or s != 1) else None

    def forward(self, x):
        y = self.pre(x) if self.pre is not None else x
        short = self.proj(y) if self.proj is not None else x
        return self.expand(self.crelu(self.reduce(y))) + short


class InceptionBlock(nn.Module):
    """PVANet Inception residual block: pre-act, branches 1x1 | 1x1-3x3 | 1x1-3x3-3x3
    (| 3x3 max pool-1x1 when striding), concatenated, 1x1 out, + shortcut."""

    def __init__(self, cin, b1, b3, b5, cout, s=1, pool=0, preact=True):
        super().__init__()
        self.pre = PreAct(cin) if preact else None
        self.b1 = conv_bn(cin, b1, 1, s)
        self.b3 = nn.Sequential(conv_bn(cin, b3[0], 1, s), conv_bn(b3[0], b3[1], 3))
        self.b5 = nn.Sequential(conv_bn(cin, b5[0], 1, s), conv_bn(b5[0], b5[1], 3), conv_bn(b5[1], b5[2], 3))
        self.pool = conv_bn(cin, pool, 1) if pool else None
        self.s = s
        cat = b1 + b3[1] + b5[2] + pool
        self.out = nn.Sequential(nn.Conv2d(cat, cout, 1, bias=False), nn.BatchNorm2d(cout))
        nn.init.zeros_(self.out[1].weight)
        self.proj = nn.Conv2d(cin, cout, 1, s, bias=False) if (cin != cout or s != 1) else None

    def forward(self, x):
        y = self.pre(x) if self.pre is not None else x
        parts = [self.b1(y), self.b3(y), self.b5(y)]
        if self.pool is not None:
            parts.append(self.pool(F.max_pool2d(y, 3, self.s, 1)))
        short = self.proj(y) if self.proj is not None else x
        return self.out(torch.cat(parts, 1)) + short


def bilinear_upsample(c, factor=2):
    """Depthwise transposed conv initialised to bilinear interpolation and frozen (PVANet's
    'upscale' deconvolution, lr_mult 0)."""
    k = 2 * factor - factor % 2
    up = nn.ConvTranspose2d(c, c, k, factor, (k - 1) // 2 if factor % 2 else factor // 2, groups=c, bias=False)
    centre = (k - 1) / 2 if k % 2 else factor - 0.5
    og = torch.arange(k, dtype=torch.float32)
    filt = 1 - (og - centre).abs() / factor
    with torch.no_grad():
        up.weight.copy_((filt[:, None] * filt[None, :]).expand(c, 1, k, k))
    up.weight.requires_grad_(False)
    return up


PVA_WIDTHS = dict(crelu=12, c2=(16, 48, 3), c3=(24, 96, 4), c4=(128, 6), c5=(192, 6), hyperA=128, hyperB=128,
                  e1=(64, 128), e3=128)


def inception_stage(cin, cout, n, first_preact=True):
    """n Inception blocks; the first one strides by 2 and has the pool branch (PVANet conv4_1/conv5_1)."""
    q = cout // 8
    spec = dict(b1=2 * q, b3=(q * 3 // 2, 2 * q), b5=(q // 2, q, q))
    return nn.Sequential(InceptionBlock(cin, cout=cout, s=2, pool=2 * q, preact=first_preact, **spec),
                         *[InceptionBlock(cout, cout=cout, **spec) for _ in range(n - 1)])


class PvaSsdMini(nn.Module):
    """Stride: conv1 2, pool 4 | conv2 (40x40) | conv3 20x20 | conv4 10x10 | conv5 5x5.
    SSD sources: A = hyper(pool(conv2), conv3, up(conv4)) 20x20, B = hyper(pool(conv3), conv4,
    up(conv5)) 10x10 (PVANet's own hyper-feature scales), C = conv5 5x5, D 3x3 and E 1x1 extras."""

    def __init__(self, num_classes, widths=None):
        super().__init__()
        w = dict(PVA_WIDTHS if widths is None else widths)
        self.widths = w
        h = w["crelu"]
        self.conv1 = CReLU(3, h, 7, 2)  # 80, 2h channels; 3x3 max pool -> 40
        m2, o2, n2 = w["c2"]
        self.conv2 = nn.Sequential(McReluBlock(2 * h, m2, o2, preact=False),
                                   *[McReluBlock(o2, m2, o2) for _ in range(n2 - 1)])  # 40
        m3, o3, n3 = w["c3"]
        self.conv3 = nn.Sequential(McReluBlock(o2, m3, o3, s=2), *[McReluBlock(o3, m3, o3) for _ in range(n3 - 1)])  # 20
        c4, n4 = w["c4"]
        self.conv4 = inception_stage(o3, c4, n4)  # 10
        c5, n5 = w["c5"]
        self.pre5 = PreAct(c4)  # activated conv4: conv5's pre-activation and hyper B's middle map
        self.conv5 = inception_stage(c4, c5, n5, first_preact=False)  # 5
        self.last = PreAct(c5)  # SSD source C
        self.up4 = bilinear_upsample(c4)
        self.hyper_a = conv_bn(o2 + o3 + c4, w["hyperA"], 1)  # SSD source A, 20x20
        self.up5 = bilinear_upsample(c5)
        self.hyper_b = conv_bn(o3 + c4 + c5, w["hyperB"], 1)  # SSD source B, 10x10
        e1 = w["e1"]
        self.e1 = nn.Sequential(conv_bn(c5, e1[0], 1), conv_bn(e1[0], e1[1], 3, 2))  # 3: source D
        self.e2 = conv_bn(e1[1], w["e3"], 3, 3)  # 1: source E
        self.heads = SsdHeads([w["hyperA"], w["hyperB"], c5, e1[1], w["e3"]], num_classes)

    def forward(self, x):
        x = F.max_pool2d(self.conv1(x), 3, 2, 1)
        x2 = self.conv2(x)
        x3 = self.conv3(x2)
        x4 = self.conv4(x3)
        a4 = self.pre5(x4)
        x5 = self.conv5(a4)
        c = self.last(x5)
        a = self.hyper_a(torch.cat([F.max_pool2d(x2, 3, 2, 1), x3, self.up4(x4)], 1))
        b = self.hyper_b(torch.cat([F.max_pool2d(x3, 3, 2, 1), a4, self.up5(c)], 1))
        d = self.e1(c)
        e = self.e2(d)
        return self.heads([a, b, c, d, e])
