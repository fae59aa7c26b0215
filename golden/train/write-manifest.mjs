// Writes golden/models/manifest.yaml from the exported ONNX files and their training metadata
// (golden/.cache/ckpt/<name>.meta.json, written by `train.py export --meta`).
// Usage: node golden/train/write-manifest.mjs [--time-file FILE]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, isScalar, visit } from 'yaml';

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
];

const entries = [];
for (const m of MODELS) {
  const file = `${m.name}.onnx`;
  const onnx = path.join(modelsDir, file);
  if (!existsSync(onnx)) continue;
  const meta = JSON.parse(readFileSync(path.join(ckptDir, `${m.name}.meta.json`), 'utf8'));
  const provenance = {
    script: `golden/train/${m.command}`,
    regenerate: 'npm run golden:regen',
    seed: meta.seed ?? null,
    schedule: m.schedule,
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
    name: m.name,
    family: m.family,
    variant: m.variant,
    ...(m.baseline ? { baseline: m.baseline } : {}),
    file,
    sha256: createHash('sha256').update(readFileSync(onnx)).digest('hex'),
    input: { name: 'input', shape: [-1, 3, 160, 160], layout: 'NCHW', colorOrder: 'RGB', resize: 'stretch', scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] },
    output: { format: 'decoded-softmax', boxes: 'boxes', scores: 'scores', backgroundClass: 0 },
    priors,
    nms: { iouThreshold: 0.45, topKBefore: 400, keepTopK: 200, confidenceThreshold: 0.01 },
    classes,
    provenance,
  });
}
const header = '# hil model zoo, written by golden/train/write-manifest.mjs (npm run golden:regen). Schema: harness/src/config/manifest-schema.ts\n';
const doc = new Document({ version: 1, models: entries });
// Short lists of numbers and names read better on one line ([1, 3, 160, 160]).
visit(doc, { Seq(_, node) { if (node.items.every((i) => isScalar(i))) node.flow = true; } });
writeFileSync(path.join(modelsDir, 'manifest.yaml'), header + doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
console.log(`wrote ${entries.length} models to golden/models/manifest.yaml`);
