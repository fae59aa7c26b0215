// Writes golden/models/manifest.yaml from the exported ONNX files and their training metadata
// (golden/.cache/ckpt/<name>.meta.json, written by `train.py export --meta`).
// Usage: node golden/train/write-manifest.mjs [--without NAME ...]
//   --without NAME leaves a model out (e.g. tiny-yolo-v2-mini while hil's manifest schema does not
//   know its `yolo-region` output format yet).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Document, isScalar, isSeq, visit } from 'yaml';

const { values: args } = parseArgs({ options: { without: { type: 'string', multiple: true, default: [] } } });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const modelsDir = path.join(root, 'golden', 'models');
const ckptDir = path.join(root, 'golden', '.cache', 'ckpt');
const dataset = JSON.parse(readFileSync(path.join(root, 'golden', 'datasets', 'shapes-v1', 'annotations.json'), 'utf8'));
const classes = dataset.categories.sort((a, b) => a.id - b.id).map((c) => c.name);
const priors = JSON.parse(readFileSync(path.join(ckptDir, 'priors.json'), 'utf8'));

const MODELS = [
  { name: 'vgg-ssd-mini', family: 'vgg-ssd', variant: 'baseline', command: 'train.py train --arch vgg', schedule: 'AdamW batch 32: 850 steps lr 2e-3 (seed 1), then 500 steps lr 1e-3 (seed 11) from those weights' },
  { name: 'vgg-ssd-mini-pruned', family: 'vgg-ssd', variant: 'pruned', baseline: 'vgg-ssd-mini', command: 'train.py prune (Parsimonious Inference)', utilisation: 'vgg-ssd-mini-pruned.utilisation.json', schedule: 'from vgg-ssd-mini: gated training, sparsity penalty 3 (seed 3, stops at the target MAC ratio), prune kernels under 5% utilisation (kept counts aligned to 8), fine-tune 300 steps lr 1e-3 + 300 at 5e-4 + 400 at 5e-4 (seeds 4-6)' },
  { name: 'squeezenet-ssd-mini', family: 'squeezenet-ssd', variant: 'baseline', command: 'train.py train --arch squeeze', schedule: 'AdamW batch 32: 1500 steps lr 2e-3 (seed 2)' },
  { name: 'pva-ssd-mini', family: 'pva-ssd', variant: 'baseline', command: 'train.py train --arch pva', schedule: 'AdamW batch 32: PVA_STEPS steps lr 2e-3 (seed 5)' },
  // The schema's variants are baseline | pruned | retrained | other: a quantized copy is `other`, its
  // FP32 source is its baseline, and `precision` in the provenance says what it is.
  { name: 'vgg-ssd-mini-pruned-int8', family: 'vgg-ssd', variant: 'other', baseline: 'vgg-ssd-mini-pruned', command: 'train.py quantize (post-training int8, Q/DQ)', kind: 'int8' },
  { name: 'tiny-yolo-v2-mini', family: 'tiny-yolo-v2', variant: 'baseline', command: 'train.py yolo', kind: 'yolo', schedule: 'AdamW batch 32: YOLO_STEPS steps lr 2e-3 (seed 7), YOLOv2 region loss; anchors by k-means (1 - IoU) on the training boxes' },
];

const entries = [];
// Fresh objects per entry: a shared one would be written as a YAML alias.
const input = () => ({ name: 'input', shape: [-1, 3, 160, 160], layout: 'NCHW', colorOrder: 'RGB', resize: 'stretch', resizeKernel: 'lanczos3', scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] });
const nms = () => ({ iouThreshold: 0.45, topKBefore: 400, keepTopK: 200, confidenceThreshold: 0.01 });
const yoloComments = [];
for (const m of MODELS) {
  const file = `${m.name}.onnx`;
  const onnx = path.join(modelsDir, file);
  if (!existsSync(onnx) || args.without.includes(m.name)) continue;
  const meta = JSON.parse(readFileSync(path.join(ckptDir, `${m.name}.meta.json`), 'utf8'));
  const common = {
    name: m.name,
    family: m.family,
    variant: m.variant,
    ...(m.baseline ? { baseline: m.baseline } : {}),
    file,
    sha256: createHash('sha256').update(readFileSync(onnx)).digest('hex'),
    input: input(),
  };
  if (m.kind === 'int8') {
    entries.push({
      ...common,
      output: { format: 'decoded-softmax', boxes: 'boxes', scores: 'scores', backgroundClass: 0 },
      priors,
      nms: nms(),
      classes,
      provenance: {
        script: `golden/train/${m.command}`,
        regenerate: 'npm run golden:regen',
        precision: 'int8',
        quantization: 'explicit Q/DQ (QuantizeLinear/DequantizeLinear, opset 13), post-training, from the FP32 ONNX of vgg-ssd-mini-pruned',
        weights: 'int8 symmetric per output channel (zero point 0, scale max|w|/127); biases int32 (scale input x weight)',
        activations: 'int8 symmetric per tensor (zero point 0): the input and every ReLU output; head outputs, decoding and softmax float',
        calibration: `${meta.calibration_pictures} training pictures (${meta.calibration_split}, seeded sample, seed ${meta.calibration_seed}), torch.ao HistogramObserver`,
        seed: meta.seed ?? null,
        steps: 0,
        datasetVersion: dataset.info.version,
        trainingSeconds: meta.seconds,
        macs: meta.macs,
        valAp50Python: Number(meta.val_ap50.toFixed(4)),
        valAp50PythonFp32: Number(meta.val_ap50_fp32.toFixed(4)),
        torch: meta.torch ?? null,
      },
    });
    continue;
  }
  if (m.kind === 'yolo') {
    const o = meta.output;
    entries.push({
      ...common,
      // Proposed output format (hil's schema and decoder to follow): see the comment in the manifest.
      output: { format: 'yolo-region', region: o.region, anchors: o.anchors, classesInOutput: o.classesInOutput, layout: 'anchor-major', xy: 'sigmoid', wh: 'exp', objectness: 'sigmoid', classScores: 'softmax' },
      nms: { ...nms(), ...meta.nms },
      classes,
      provenance: {
        script: `golden/train/${m.command}`,
        regenerate: 'npm run golden:regen',
        seed: meta.seed ?? null,
        schedule: m.schedule.replace('YOLO_STEPS', String(meta.steps)),
        steps: meta.steps,
        batch: meta.batch,
        datasetVersion: dataset.info.version,
        trainingPictures: meta.train_pictures ?? 5000,
        trainingSeconds: meta.seconds,
        macs: meta.macs,
        valAp50Python: Number(meta.val_ap50.toFixed(4)),
        torch: meta.torch ?? null,
        grid: meta.grid,
        anchorMeanIou: meta.anchor_mean_iou,
      },
    });
    yoloComments.push(entries.length - 1);
    continue;
  }
  const provenance = {
    script: `golden/train/${m.command}`,
    regenerate: 'npm run golden:regen',
    seed: meta.seed ?? null,
    schedule: m.schedule.replace('PVA_STEPS', String(meta.steps)),
    steps: meta.steps + (meta.init_steps ?? 0),
    batch: 32,
    datasetVersion: dataset.info.version,
    trainingPictures: meta.train_pictures ?? 5000,
    trainingSeconds: meta.seconds + (meta.init_seconds ?? 0),
    macs: meta.macs,
    valAp50Python: Number(meta.val_ap50.toFixed(4)),
    torch: meta.torch ?? null,
  };
  if (m.variant === 'pruned') {
    provenance.steps = meta.steps;
    provenance.baseSteps = meta.base_steps;
    provenance.baseTrainingSeconds = meta.base_seconds;
    provenance.gateSteps = meta.gate_steps;
    provenance.utilisation = m.utilisation;
    provenance.channels = meta.widths;
  }
  entries.push({
    ...common,
    output: { format: 'decoded-softmax', boxes: 'boxes', scores: 'scores', backgroundClass: 0 },
    priors,
    nms: nms(),
    classes,
    provenance,
  });
}
const header = '# hil model zoo, written by golden/train/write-manifest.mjs (npm run golden:regen). Schema: harness/src/config/manifest-schema.ts\n';
const doc = new Document({ version: 1, models: entries });
const YOLO_DECODING = [
  ' yolo-region: raw YOLOv2 region tensor `region` [B, A*(5+C), H, W], A = len(anchors), C = classesInOutput',
  ' (no background class). Channel of anchor a, field k = a*(5+C) + k; k: 0 tx, 1 ty, 2 tw, 3 th, 4 objectness, 5+c class c.',
  ' For cell column cx, row cy: bx = (cx + sigmoid(tx)) / W, by = (cy + sigmoid(ty)) / H,',
  ' bw = anchors[a][0] * exp(tw) / W, bh = anchors[a][1] * exp(th) / H (anchors in grid cells; normalised centre/size),',
  ' box = (bx - bw/2, by - bh/2, bx + bw/2, by + bh/2); score_c = sigmoid(objectness) * softmax(class logits)_c.',
  ' Box index (a*H + cy)*W + cx, then the per-class NMS of `nms`; class c is category c + 1 (`classes`).',
  ' Reference: golden/train/yolo.py decode() + nms_per_class().',
];
for (const i of yoloComments) doc.getIn(['models', i, 'output'], true).commentBefore = YOLO_DECODING.join('\n');
// Short lists of numbers and names read better on one line ([1, 3, 160, 160]); so do the YOLO anchors.
const short = (node) => node.items.every((i) => isScalar(i));
visit(doc, { Seq(_, node) { if (short(node) || node.items.every((i) => isSeq(i) && short(i))) node.flow = true; } });
writeFileSync(path.join(modelsDir, 'manifest.yaml'), header + doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
console.log(`wrote ${entries.length} models to golden/models/manifest.yaml`);
