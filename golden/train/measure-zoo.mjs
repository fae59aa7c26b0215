// Measures the zoo with hil itself: mAP on the golden val split (hil's accuracy scenario +
// hil's COCO evaluator) and host-CPU single-stream latency (onnxruntime-node, hil's runner).
// Latency rounds alternate between models so a burst of load elsewhere hits all of them alike.
// Usage: npx tsc -p harness/tsconfig.json && node golden/train/measure-zoo.mjs [--rounds 3] [--threads 1] [--manifest FILE]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => import(path.join(root, 'harness', 'dist', p));
const { loadManifest } = await dist('config/load-manifest.js');
const { prepareTensors } = await dist('inference/index.js');
const { createRunner, runAccuracy, runSingleStream } = await dist('engine/index.js');
const { evaluateDetectionFiles } = await dist('datasets/evaluate-detection-files.js');

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    threads: { type: 'string', default: '1' },
    manifest: { type: 'string', default: path.join(root, 'golden', 'models', 'manifest.yaml') },
  },
});
const annotations = path.join(root, 'golden', 'datasets', 'shapes-v1', 'annotations.json');
const gt = JSON.parse(readFileSync(annotations, 'utf8'));
const images = gt.images.map((im) => ({ id: im.id, path: path.join(path.dirname(annotations), im.file_name) }));
const outDir = path.join(root, 'golden', '.cache', 'eval');
mkdirSync(outDir, { recursive: true });

const models = await loadManifest(path.resolve(values.manifest));
const session = { intraOpNumThreads: Number(values.threads) };
const results = {};
const runners = {};
for (const m of models) {
  const tensors = await prepareTensors(images, m.input);
  const runner = await createRunner(m.filePath, m, { isolation: 'in-process', session });
  runners[m.name] = { runner, tensors };
  const acc = await runAccuracy(runner, tensors, {});
  const detections = path.join(outDir, `${m.name}.detections.json`);
  writeFileSync(detections, JSON.stringify(acc.detections));
  const coco = await evaluateDetectionFiles({ annotations, detections, metric: 'coco' });
  const [ap, ap50, ap75, apS, apM, apL] = coco.stats;
  results[m.name] = { ap50, ap, ap75, apSmall: apS, apMedium: apM, apLarge: apL, macs: m.provenance?.macs ?? null, latencyMedianMs: [] };
  console.log(`${m.name}: mAP@0.5 ${ap50.toFixed(4)}  mAP@[.5:.95] ${ap.toFixed(4)}  small ${apS.toFixed(3)} medium ${apM.toFixed(3)} large ${apL.toFixed(3)}`);
}
for (let round = 0; round < Number(values.rounds); round += 1) {
  for (const m of models) {
    const { runner, tensors } = runners[m.name];
    const r = await runSingleStream(runner, tensors, { warmup: 20, minQueries: 300, minDurationMs: 2000, maxDurationMs: 30000, sampleCount: 64 });
    results[m.name].latencyMedianMs.push(r.stats.medianMs);
  }
}
for (const m of models) {
  await runners[m.name].runner.close();
  const medians = results[m.name].latencyMedianMs.sort((a, b) => a - b);
  results[m.name].latencyMs = medians[Math.floor(medians.length / 2)];
}
const base = results['vgg-ssd-mini'];
for (const [name, r] of Object.entries(results)) {
  const rel = base && r.macs && base.macs ? ` MACs ${(r.macs / base.macs).toFixed(3)}x, latency ${(r.latencyMs / base.latencyMs).toFixed(3)}x` : '';
  console.log(`${name}: median latency ${r.latencyMs.toFixed(3)} ms (rounds ${r.latencyMedianMs.map((v) => v.toFixed(3)).join(', ')})${rel}`);
}
writeFileSync(path.join(outDir, 'zoo-metrics.json'), `${JSON.stringify({ threads: session.intraOpNumThreads, results }, null, 2)}\n`);
