"""tiny-yolo-v2-mini: Tiny-YOLO-v2's shape at the golden zoo's scale, its YOLOv2 region loss, a
reference decoder + NMS (the numbers hil's TypeScript `yolo-region` decoder must reproduce), anchor
k-means, training and ONNX export.

  train.py yolo   --steps N --seed S --out CKPT          (anchors by k-means on the training boxes)
  train.py yolo-export --ckpt CKPT --out MODEL.onnx --meta META.json [--reference-json FILE]

Network (input 160x160, grid 10x10 = stride 16): 3x3 conv + BN + leaky ReLU (0.1) with
16, 32, 64, 128, 256 kernels, each followed by a 2x2 max pool of stride 2 except the fifth, whose
pool has stride 1 (padded right/bottom by one row/column, so the map stays 10x10: Darknet's
`maxpool size=2 stride=1`); then a 3x3 conv-BN-leaky of 256 and a 1x1 conv (with bias) to
A x (5 + C) channels. One stride-2 pool fewer than the original (13x13 at 416) so that the grid
cell (16 px) suits the dataset's small objects. No decoding in the graph: the ONNX output `region`
is the raw tensor [B, A*(5+C), H, W].

Decoding (exactly what `decode()` below does, in float64):
  channel of anchor a, field k: a * (5 + C) + k; k = 0 tx, 1 ty, 2 tw, 3 th, 4 to, 5 + c class logit c
  for cell column cx in [0, W), row cy in [0, H), anchor a in [0, A):
    bx = (cx + sigmoid(tx)) / W            by = (cy + sigmoid(ty)) / H           (normalised centre)
    bw = anchor_w[a] * exp(tw) / W         bh = anchor_h[a] * exp(th) / H        (normalised size)
    box = (bx - bw/2, by - bh/2, bx + bw/2, by + bh/2)                           (normalised x1y1x2y2)
    score_c = sigmoid(to) * softmax(tc_0 .. tc_{C-1})_c                          (no background class)
  box index i = (a * H + cy) * W + cx (the tensor's own a-major order), then hil's per-class NMS
  (nms.ts: strict > confidence threshold, stable sort, topKBefore, greedy IoU > threshold
  suppresses, keepTopK across classes); class index c is category c + 1.
"""
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import ssd_lib as L

GRID = 10
NUM_ANCHORS = 5
WIDTHS = (16, 32, 64, 128, 256, 256)
NMS = dict(iouThreshold=0.45, topKBefore=400, keepTopK=200, confidenceThreshold=0.01)
# YOLOv2 region layer (yolo-voc.cfg): object_scale 5, noobject_scale 1, class_scale 1,
# coord_scale 1, thresh .6, rescore 1; coordinates pulled to the anchors for the first 12,800 pictures.
OBJECT_SCALE, NOOBJECT_SCALE, CLASS_SCALE, COORD_SCALE, IGNORE_THRESH = 5.0, 1.0, 1.0, 1.0, 0.6
PRIOR_PICTURES = 12800


def conv_bn_leaky(cin, cout, k=3):
    return nn.Sequential(nn.Conv2d(cin, cout, k, 1, k // 2, bias=False), nn.BatchNorm2d(cout), nn.LeakyReLU(0.1))


class TinyYoloMini(nn.Module):
    def __init__(self, num_classes, num_anchors=NUM_ANCHORS, widths=WIDTHS):
        super().__init__()
        self.num_classes, self.num_anchors, self.widths = num_classes, num_anchors, list(widths)
        self.layers = nn.ModuleList([conv_bn_leaky(a, b) for a, b in zip((3,) + tuple(widths[:-1]), widths)])
        self.region = nn.Conv2d(widths[-1], num_anchors * (5 + num_classes), 1)
        # For export: the same stride-1 pool as one MaxPool (padding counts as -inf) + a constant
        # Slice, instead of an edge Pad whose pads torch exports as a computed tensor (which leaves
        # shapes, hence MACs, uninferable). Both give exactly the same values.
        self.export_form = False

    def forward(self, x):
        n = len(self.layers)
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < n - 2:
                x = F.max_pool2d(x, 2)  # 160 -> 80 -> 40 -> 20 -> 10
            elif i == n - 2 and self.export_form:
                x = F.max_pool2d(x, 2, 1, padding=1)[:, :, 1:, 1:]  # windows (r..r+1, c..c+1), -inf outside
            elif i == n - 2:
                x = F.max_pool2d(F.pad(x, (0, 1, 0, 1), mode="replicate"), 2, 1)  # stride 1, stays 10x10
        return self.region(x)


def split(region, num_anchors, num_classes):
    """(B, A*(5+C), H, W) -> (B, A, H, W, 5+C)."""
    b, _, h, w = region.shape
    return region.view(b, num_anchors, 5 + num_classes, h, w).permute(0, 1, 3, 4, 2)


def decode(region, anchors, num_classes):
    """Reference decoder: (B, A*(5+C), H, W) -> boxes (B, A*H*W, 4) normalised x1y1x2y2 and
    scores (B, A*H*W, C), box index (a * H + cy) * W + cx. Computed in float64."""
    anchors = torch.as_tensor(anchors, dtype=torch.float64)
    a = anchors.shape[0]
    t = split(region.double(), a, num_classes)
    _, _, h, w, _ = t.shape
    cy, cx = torch.meshgrid(torch.arange(h, dtype=torch.float64), torch.arange(w, dtype=torch.float64), indexing="ij")
    bx = (cx + torch.sigmoid(t[..., 0])) / w
    by = (cy + torch.sigmoid(t[..., 1])) / h
    bw = anchors[:, 0].view(1, a, 1, 1) * torch.exp(t[..., 2]) / w
    bh = anchors[:, 1].view(1, a, 1, 1) * torch.exp(t[..., 3]) / h
    boxes = torch.stack([bx - bw / 2, by - bh / 2, bx + bw / 2, by + bh / 2], -1)
    scores = torch.sigmoid(t[..., 4:5]) * torch.softmax(t[..., 5:], -1)
    n = region.shape[0]
    return boxes.reshape(n, -1, 4), scores.reshape(n, -1, num_classes)


def caffe_iou(boxes, i, kept):
    """hil's nms.ts iou(): Caffe JaccardOverlap on normalised corners, vectorised over `kept`."""
    a = boxes[i]
    b = boxes[kept]
    iw = np.minimum(a[2], b[:, 2]) - np.maximum(a[0], b[:, 0])
    ih = np.minimum(a[3], b[:, 3]) - np.maximum(a[1], b[:, 1])
    ok = (iw > 0) & (ih > 0)
    inter = np.where(ok, iw * ih, 0.0)
    area_a = 0.0 if (a[2] < a[0] or a[3] < a[1]) else (a[2] - a[0]) * (a[3] - a[1])
    area_b = np.where((b[:, 2] < b[:, 0]) | (b[:, 3] < b[:, 1]), 0.0, (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ok, inter / (area_a + area_b - inter), 0.0)


def nms_per_class(boxes, scores, spec=NMS):
    """Port of hil's nmsPerClass (harness/src/inference/nms.ts) with no background class.
    boxes (N, 4) and scores (N, C) float64 numpy. Returns [(class, box index, score)] in Caffe's
    order: class ascending, score descending."""
    out = []
    for c in range(scores.shape[1]):
        s = scores[:, c]
        cand = np.nonzero(s > spec["confidenceThreshold"])[0]
        cand = cand[np.argsort(-s[cand], kind="stable")]
        if spec["topKBefore"] >= 0:
            cand = cand[:spec["topKBefore"]]
        kept = []
        for i in cand:
            if kept and (caffe_iou(boxes, i, np.array(kept)) > spec["iouThreshold"]).any():
                continue
            kept.append(int(i))
        out += [(c, i, float(s[i])) for i in kept]
    if spec["keepTopK"] >= 0 and len(out) > spec["keepTopK"]:
        best = sorted(out, key=lambda d: -d[2])[:spec["keepTopK"]]  # Python's sort is stable
        out = sorted(best, key=lambda d: (d[0], -d[2]))
    return out


def detect(region, anchors, num_classes, spec=NMS):
    """Per image (boxes xyxy normalised, scores, labels 1..C) for ssd_lib.average_precision."""
    boxes, scores = decode(region, anchors, num_classes)
    out = []
    for bb, ss in zip(boxes.numpy(), scores.numpy()):
        dets = nms_per_class(bb, ss, spec)
        idx = [d[1] for d in dets]
        out.append((torch.tensor(bb[idx], dtype=torch.float32).reshape(-1, 4),
                     torch.tensor([d[2] for d in dets], dtype=torch.float32),
                     torch.tensor([d[0] + 1 for d in dets], dtype=torch.long)))
    return out


def shape_iou(wh, centroids):
    """IoU of boxes and centroids aligned at a common centre (YOLOv2's k-means distance 1 - IoU)."""
    inter = np.minimum(wh[:, None, 0], centroids[None, :, 0]) * np.minimum(wh[:, None, 1], centroids[None, :, 1])
    return inter / (wh[:, None, 0] * wh[:, None, 1] + centroids[None, :, 0] * centroids[None, :, 1] - inter)


def kmeans_anchors(wh, k=NUM_ANCHORS, iters=300):
    """YOLOv2 dimension clusters: k-means with distance 1 - IoU on (w, h) in grid cells.
    Deterministic: centroids start at the boxes of the area quantiles (k + 1 bins, mid-points).
    Returns k (w, h) sorted by area, rounded to 4 decimals (the values the manifest states)."""
    wh = np.asarray(wh, dtype=np.float64)
    order = np.argsort(wh[:, 0] * wh[:, 1], kind="stable")
    cent = wh[order[((np.arange(k) + 0.5) / k * len(wh)).astype(int)]].copy()
    assign = None
    for _ in range(iters):
        new = shape_iou(wh, cent).argmax(1)
        if assign is not None and (new == assign).all():
            break
        assign = new
        for j in range(k):
            if (assign == j).any():
                cent[j] = wh[assign == j].mean(0)
    cent = cent[np.argsort(cent[:, 0] * cent[:, 1], kind="stable")]
    mean_iou = float(shape_iou(wh, cent).max(1).mean())
    return [[round(float(w), 4), round(float(h), 4)] for w, h in cent], mean_iou


def box_iou_cxcywh(a, b):
    """Elementwise IoU of (..., 4) centre/size boxes."""
    ax1, ay1, ax2, ay2 = a[..., 0] - a[..., 2] / 2, a[..., 1] - a[..., 3] / 2, a[..., 0] + a[..., 2] / 2, a[..., 1] + a[..., 3] / 2
    bx1, by1, bx2, by2 = b[..., 0] - b[..., 2] / 2, b[..., 1] - b[..., 3] / 2, b[..., 0] + b[..., 2] / 2, b[..., 1] + b[..., 3] / 2
    iw = (torch.min(ax2, bx2) - torch.max(ax1, bx1)).clamp(min=0)
    ih = (torch.min(ay2, by2) - torch.max(ay1, by1)).clamp(min=0)
    inter = iw * ih
    return inter / (a[..., 2] * a[..., 3] + b[..., 2] * b[..., 3] - inter).clamp(min=1e-12)


def region_loss(region, gt_boxes, gt_labels, anchors, num_classes, seen):
    """YOLOv2 region loss (Darknet region_layer.c, rescore on), summed and divided by the batch.
    gt_boxes: per image (G, 4) normalised x1y1x2y2; gt_labels: per image (G,) in 1..C.
    Returns (coord, object, no-object, class) losses."""
    anchors = torch.as_tensor(anchors, dtype=torch.float32)
    na = anchors.shape[0]
    t = split(region, na, num_classes)
    n, _, h, w, _ = t.shape
    px, py = torch.sigmoid(t[..., 0]), torch.sigmoid(t[..., 1])
    tw, th = t[..., 2], t[..., 3]
    po = torch.sigmoid(t[..., 4])
    cy, cx = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    with torch.no_grad():
        pred = torch.stack([(cx + px) / w, (cy + py) / h, anchors[:, 0].view(1, na, 1, 1) * torch.exp(tw) / w,
                            anchors[:, 1].view(1, na, 1, 1) * torch.exp(th) / h], -1)  # (n, A, H, W, 4) cxcywh
    # Every ground truth of the batch at once: image index, centre/size, label.
    counts = [int(g.shape[0]) for g in gt_boxes]
    g_all = torch.cat([g.reshape(-1, 4) for g in gt_boxes]) if sum(counts) else torch.zeros(0, 4)
    img = torch.repeat_interleave(torch.arange(n), torch.tensor(counts, dtype=torch.long))
    lab_all = torch.cat([l.reshape(-1) for l in gt_labels]) - 1 if sum(counts) else torch.zeros(0, dtype=torch.long)
    gc_all = torch.cat([(g_all[:, :2] + g_all[:, 2:]) / 2, g_all[:, 2:] - g_all[:, :2]], 1)
    noobj = torch.ones(n, na, h, w)
    if sum(counts):
        # A predictor whose box already overlaps some object by more than the threshold is not pushed to 0.
        gmax = max(counts)
        padded = torch.zeros(n, gmax, 4)
        slot = torch.cat([torch.arange(c) for c in counts])
        padded[img, slot] = gc_all
        with torch.no_grad():
            ious = box_iou_cxcywh(pred.reshape(n, -1, 1, 4), padded[:, None])  # (n, A*H*W, gmax), zero boxes -> 0
            best_iou = ious.max(2).values.view(n, na, h, w)
        noobj[best_iou > IGNORE_THRESH] = 0
    # Responsible predictor per ground truth: the cell holding its centre, the anchor of best shape IoU;
    # a later object in the same slot overrides an earlier one (as Darknet does).
    gw_cells = gc_all[:, 2:] * torch.tensor([w, h], dtype=torch.float32)
    inter = torch.min(gw_cells[:, None], anchors[None]).prod(-1)
    best = (inter / (gw_cells.prod(-1)[:, None] + anchors.prod(-1)[None] - inter)).argmax(1) if sum(counts) else img
    cell_i = (gc_all[:, 0] * w).long().clamp(max=w - 1)
    cell_j = (gc_all[:, 1] * h).long().clamp(max=h - 1)
    resp = {}
    for k, key in enumerate(zip(img.tolist(), best.tolist(), cell_j.tolist(), cell_i.tolist())):
        resp[key] = k
    keys = list(resp.keys())
    coord = torch.zeros(())
    if seen < PRIOR_PICTURES:  # Darknet: every predictor drifts towards its anchor at the start (scale .01)
        coord = coord + 0.01 * ((px - 0.5) ** 2 + (py - 0.5) ** 2 + tw ** 2 + th ** 2).sum()
    obj = torch.zeros(())
    cls = torch.zeros(())
    if keys:
        bi = torch.tensor([k[0] for k in keys])
        ai = torch.tensor([k[1] for k in keys])
        ji = torch.tensor([k[2] for k in keys])
        ii = torch.tensor([k[3] for k in keys])
        sel = torch.tensor([resp[k] for k in keys])
        gt = gc_all[sel]
        lab = lab_all[sel]
        noobj[bi, ai, ji, ii] = 0
        scale = COORD_SCALE * (2 - gt[:, 2] * gt[:, 3])
        tx_t = gt[:, 0] * w - ii.float()
        ty_t = gt[:, 1] * h - ji.float()
        tw_t = torch.log(gt[:, 2] * w / anchors[ai, 0])
        th_t = torch.log(gt[:, 3] * h / anchors[ai, 1])
        if seen < PRIOR_PICTURES:  # the responsible predictors are not pulled to their anchor
            coord = coord - 0.01 * ((px[bi, ai, ji, ii] - 0.5) ** 2 + (py[bi, ai, ji, ii] - 0.5) ** 2
                                    + tw[bi, ai, ji, ii] ** 2 + th[bi, ai, ji, ii] ** 2).sum()
        coord = coord + (scale * ((px[bi, ai, ji, ii] - tx_t) ** 2 + (py[bi, ai, ji, ii] - ty_t) ** 2
                                  + (tw[bi, ai, ji, ii] - tw_t) ** 2 + (th[bi, ai, ji, ii] - th_t) ** 2)).sum()
        iou = box_iou_cxcywh(pred[bi, ai, ji, ii], gt)  # rescore: objectness learns the IoU
        obj = OBJECT_SCALE * ((po[bi, ai, ji, ii] - iou) ** 2).sum()
        cls = CLASS_SCALE * F.cross_entropy(t[bi, ai, ji, ii, 5:], lab, reduction="sum")
    noobj_loss = NOOBJECT_SCALE * (noobj * po ** 2).sum()
    return coord / n, obj / n, noobj_loss / n, cls / n


def batch(data, idx, gen):
    """Pictures with random flips (the same augmentation as the SSD models) and their boxes."""
    xs, boxes, labels = [], [], []
    for i in idx.tolist():
        x = data.x[i]
        b = data.boxes[i].clone()
        if torch.rand(1, generator=gen).item() < 0.5:
            x = x.flip(2)
            b[:, [0, 2]] = 1 - b[:, [2, 0]]
        if torch.rand(1, generator=gen).item() < 0.5:
            x = x.flip(1)
            b[:, [1, 3]] = 1 - b[:, [3, 1]]
        xs.append(x)
        boxes.append(b)
        labels.append(data.labels[i])
    return torch.stack(xs), boxes, labels


def evaluate(model, data, anchors, normalise, limit=None):
    model.eval()
    dets = []
    n = len(data) if limit is None else min(limit, len(data))
    with torch.no_grad():
        for s in range(0, n, 50):
            dets += detect(model(normalise(data.x[s:s + 50])), anchors, model.num_classes)
    gts = [(data.boxes[i], data.labels[i]) for i in range(n)]
    model.train()
    return L.average_precision(dets, gts, model.num_classes + 1)


def count_params(model):
    return sum(p.numel() for p in model.parameters())


def cmd_yolo(a):
    import train as T

    torch.manual_seed(a.seed)
    data, val = T.Data(a.train), T.Data(a.val)
    nc = len(data.categories)
    wh = torch.cat([(b[:, 2:] - b[:, :2]) for b in data.boxes]) * GRID
    anchors, mean_iou = kmeans_anchors(wh.numpy(), a.anchors)
    T.log(f"anchors (grid cells, k-means 1-IoU on {wh.shape[0]} training boxes, mean IoU {mean_iou:.3f}): {anchors}")
    model = TinyYoloMini(nc, len(anchors))
    macs = L.count_macs(model)
    T.log(f"tiny-yolo-v2-mini: {macs / 1e6:.1f} MMACs, {count_params(model)} parameters, {len(data)} pictures")
    gen = torch.Generator().manual_seed(a.seed)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=5e-4)
    model.train()
    t0 = time.time()
    ap = None
    for step in range(1, a.steps + 1):
        warm = min(1.0, step / 30)
        cos = 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * step / a.steps))
        for g in opt.param_groups:
            g["lr"] = a.lr * warm * cos
        idx = torch.randint(0, len(data), (a.batch,), generator=gen)
        x, boxes, labels = batch(data, idx, gen)
        parts = region_loss(model(T.normalise(x)), boxes, labels, anchors, nc, (step - 1) * a.batch)
        loss = sum(parts)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 20 == 0:
            T.log(f"yolo step {step}/{a.steps} coord {parts[0].item():.3f} obj {parts[1].item():.3f} "
                  f"noobj {parts[2].item():.3f} cls {parts[3].item():.3f} {time.time() - t0:.0f}s")
        if step % a.eval_every == 0 or step == a.steps:
            ap = evaluate(model, val, anchors, T.normalise)
            T.log(f"yolo step {step} val AP@0.5 {ap:.4f}")
    seconds = time.time() - t0
    meta = dict(arch="tiny-yolo-v2-mini", widths=model.widths, num_classes=nc, grid=[GRID, GRID], anchors=anchors,
                anchor_mean_iou=round(mean_iou, 4), steps=a.steps, batch=a.batch, lr=a.lr, seconds=round(seconds),
                val_ap50=ap, macs=macs, params=count_params(model))
    torch.save(dict(state=model.state_dict(), meta=meta), a.out + ".tmp")
    os.replace(a.out + ".tmp", a.out)
    T.log(f"saved {a.out}: AP@0.5 {ap:.4f} in {seconds:.0f}s")


def load(path):
    ck = torch.load(path, map_location="cpu")
    meta = ck["meta"]
    model = TinyYoloMini(meta["num_classes"], len(meta["anchors"]), meta["widths"])
    model.load_state_dict(ck["state"])
    return model.eval(), meta


def decoding_spec(meta):
    """What hil's manifest states about the output (proposed `yolo-region` format)."""
    a, c = len(meta["anchors"]), meta["num_classes"]
    return dict(
        format="yolo-region", region="region", anchors=meta["anchors"], anchorUnits="grid-cells",
        classesInOutput=c, layout="anchor-major", channelsPerAnchor=5 + c,
        fields=["tx", "ty", "tw", "th", "objectness", *[f"class{k}" for k in range(c)]],
        xyActivation="sigmoid", whActivation="exp", objectnessActivation="sigmoid", classActivation="softmax",
        score="sigmoid(objectness) * softmax(class logits)", boxOrder=f"(a * {meta['grid'][0]} + cy) * {meta['grid'][1]} + cx",
        channels=a * (5 + c),
    )


def cmd_export(a):
    import train as T

    model, meta = load(a.ckpt)
    val = T.Data(a.val)
    with torch.no_grad():
        x = T.normalise(val.x[:20])
        reference = model(x)
        model.export_form = True
        assert torch.equal(model(x), reference), "export form of the stride-1 pool differs"
    torch.onnx.export(model, torch.zeros(1, 3, L.INPUT, L.INPUT), a.out, opset_version=13,
                      input_names=["input"], output_names=["region"],
                      dynamic_axes={"input": {0: "batch"}, "region": {0: "batch"}}, do_constant_folding=True)
    info = dict(meta, file=os.path.basename(a.out), bytes=os.path.getsize(a.out), torch=torch.__version__,
                output=decoding_spec(meta), nms=NMS)
    if a.seed is not None:
        info["seed"] = a.seed
    if a.meta:
        json.dump(info, open(a.meta, "w"), indent=2)
    if a.reference_json:
        # Decoded detections of the first val pictures, plus the raw region tensor they came from, so
        # that a decoder written elsewhere can be checked number for number.
        ann = json.load(open(os.path.join(a.val, "annotations.json")))
        with torch.no_grad():
            region = model(T.normalise(val.x[:a.reference_count]))
        boxes, scores = decode(region, meta["anchors"], meta["num_classes"])
        pics = []
        for k in range(region.shape[0]):
            im = ann["images"][k]
            dets = nms_per_class(boxes[k].numpy(), scores[k].numpy())
            pics.append(dict(
                image_id=im["id"], file_name=im["file_name"], width=im["width"], height=im["height"],
                region=[round(float(v), 7) for v in region[k].flatten()],
                detections=[dict(classIndex=c, categoryId=c + 1, boxIndex=i, score=round(s, 7),
                                 box=[round(float(v), 7) for v in boxes[k, i]],
                                 bboxPixels=[round(float(boxes[k, i, 0]) * im["width"], 4), round(float(boxes[k, i, 1]) * im["height"], 4),
                                             round(float(boxes[k, i, 2] - boxes[k, i, 0]) * im["width"], 4),
                                             round(float(boxes[k, i, 3] - boxes[k, i, 1]) * im["height"], 4)])
                            for c, i, s in dets]))
        json.dump(dict(
            model=os.path.basename(a.out), input="golden/.cache/val-s7/raw-160x160.u8 (the pictures hil's preprocessing makes), (x - 127.5) / 127.5",
            note="region: the torch model's output for the picture, C order [A*(5+C), H, W]; boxes are normalised x1y1x2y2, unclipped; "
                 "bboxPixels = COCO [x, y, w, h] scaled to the original picture, unclipped; nms as in `nms`",
            output=decoding_spec(meta), nms=NMS, valAp50Python=meta["val_ap50"], pictures=pics), open(a.reference_json, "w"))
    if a.expected_detections:
        # COCO results for every val picture (torch outputs, reference decoder, unclipped boxes): what
        # hil's COCO evaluator should score once hil decodes `yolo-region` itself.
        ann = json.load(open(os.path.join(a.val, "annotations.json")))
        results = []
        with torch.no_grad():
            for s in range(0, len(val), 50):
                boxes, scores = decode(model(T.normalise(val.x[s:s + 50])), meta["anchors"], meta["num_classes"])
                for k in range(boxes.shape[0]):
                    im = ann["images"][s + k]
                    w, h = im["width"], im["height"]
                    for c, i, sc in nms_per_class(boxes[k].numpy(), scores[k].numpy()):
                        x1, y1, x2, y2 = (float(v) for v in boxes[k, i])
                        results.append(dict(image_id=im["id"], category_id=c + 1, score=round(sc, 7),
                                            bbox=[round(x1 * w, 4), round(y1 * h, 4), round((x2 - x1) * w, 4), round((y2 - y1) * h, 4)]))
        json.dump(results, open(a.expected_detections, "w"))
    print(json.dumps({k: v for k, v in info.items() if k != "output"}))


def add_parser(sub, cache):
    t = sub.add_parser("yolo", help="train tiny-yolo-v2-mini")
    t.add_argument("--steps", type=int, default=1500)
    t.add_argument("--batch", type=int, default=32)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--seed", type=int, default=7)
    t.add_argument("--anchors", type=int, default=NUM_ANCHORS)
    t.add_argument("--eval-every", type=int, default=300)
    t.add_argument("--train", default=os.path.join(cache, "train-s1001"))
    t.add_argument("--val", default=os.path.join(cache, "val-s7"))
    t.add_argument("--out", required=True)
    t.set_defaults(fn=cmd_yolo)
    e = sub.add_parser("yolo-export", help="export tiny-yolo-v2-mini (raw region output)")
    e.add_argument("--ckpt", required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--meta", default=None)
    e.add_argument("--seed", type=int, default=None)
    e.add_argument("--reference-json", default=None, help="decoded detections of the first val pictures")
    e.add_argument("--reference-count", type=int, default=3)
    e.add_argument("--expected-detections", default=None, help="COCO results JSON of the whole val split")
    e.add_argument("--val", default=os.path.join(cache, "val-s7"))
    e.set_defaults(fn=cmd_export)
