#!/usr/bin/env node
// The live-camera scenario, measured the way `hil run --suite stream` measures it (camera and
// detector worker threads, glass-to-glass on one monotonic clock), on this host's CPU:
//  1. latest / fifo mean glass-to-glass when inference is slower than the camera (goal <= 0.5):
//     the camera runs at 1.5x the model's own processed rate (never below 30 FPS), the sequence's
//     frames are replayed once per run, runs alternate latest, fifo, fifo, latest (ABBA) per round;
//  2. pruned vs baseline processed FPS (the seed's demo: 14 -> 18 FPS, +28.6%), latest policy,
//     camera faster than both models, ABBA rounds. Without the pruned model it says so and uses
//     what the manifest has.
//
//   node bench/stream-bench.mjs [--baseline NAME] [--pruned NAME] [--frames N] [--rounds R] [--json]
// Needs `npm run build` first.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'harness', 'dist');
if (!existsSync(path.join(dist, 'agent', 'stream', 'stream-scenario.js'))) {
  process.stderr.write('stream-bench: harness/dist is missing; run `npm run build` first\n');
  process.exit(3);
}
const { loadManifest } = await import(path.join(dist, 'config', 'load-manifest.js'));
const { loadCocoGroundTruth } = await import(path.join(dist, 'datasets', 'coco-ground-truth.js'));
const { generateDataset } = await import(path.join(dist, 'golden', 'generate-dataset.js'));
const { prepareFrameFile } = await import(path.join(dist, 'suite', 'stream-frames.js'));
const { runStreamScenario } = await import(path.join(dist, 'agent', 'stream', 'stream-scenario.js'));

const { values: args } = parseArgs({
  options: {
    baseline: { type: 'string', default: 'vgg-ssd-mini' },
    pruned: { type: 'string', default: 'vgg-ssd-mini-pruned' },
    frames: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  },
});
const log = (line) => process.stderr.write(`${line}\n`);

// The stream suite's sequence (suites/stream.suite.yaml), rendered once if missing.
const seqDir = path.join(root, 'reports', '.cache', 'sequences', 'shapes-seq-s21-300');
if (!existsSync(path.join(seqDir, 'annotations.json'))) {
  log(`rendering the frame sequence into ${path.relative(root, seqDir)}`);
  await generateDataset({ outDir: seqDir, count: 300, seed: 21, width: 256, height: 256, sequence: true });
}
const gt = await loadCocoGroundTruth(path.join(seqDir, 'annotations.json'));
const frames = await prepareFrameFile(gt.images.map((im) => ({ id: im.id, path: path.join(seqDir, im.file_name) })), path.join(root, 'reports', '.cache'));
const maxFrames = Math.min(Number(args.frames), gt.images.length);
const rounds = Math.max(1, Number(args.rounds));

const manifest = await loadManifest(path.join(root, 'golden', 'models', 'manifest.yaml'));
const pick = (name) => manifest.find((m) => m.name === name);
const baseline = pick(args.baseline) ?? manifest[0];
if (!baseline) {
  log('stream-bench: golden/models/manifest.yaml lists no model');
  process.exit(3);
}
const pruned = pick(args.pruned) ?? null;
const modelOf = (m) => ({ modelPath: m.filePath, spec: { name: m.name, input: m.input, output: m.output, nms: m.nms, priors: m.priors } });
const run = (m, policy, cameraFps) => runStreamScenario(modelOf(m), { scenario: 'stream', frames, cameraFps, policy, maxFrames, warmup: 5 }).then((r) => r.streams[0]);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// The model's own rate: fifo with a camera far faster than any model here, so the queue never
// empties and processed FPS is the detector's throughput (preprocess + inference + decode).
const probe = await run(baseline, 'fifo', 1000);
const ownFps = probe.processedFps;
const cameraFps = Math.max(30, Math.ceil(1.5 * ownFps));
log(`${baseline.name}: ${ownFps.toFixed(1)} frames/s on its own; camera at ${cameraFps} FPS for the latest/fifo comparison`);

const latest = [];
const fifo = [];
for (let r = 0; r < rounds; r += 1) {
  for (const policy of ['latest', 'fifo', 'fifo', 'latest']) {
    const s = await run(baseline, policy, cameraFps);
    (policy === 'latest' ? latest : fifo).push(s);
    log(`  round ${r + 1} ${policy.padEnd(6)}: mean g2g ${s.glassToGlass.meanMs.toFixed(1)} ms, p99 ${s.glassToGlass.p99Ms.toFixed(1)} ms, ${s.processedFps.toFixed(1)} FPS, dropped ${s.dropped}/${s.produced}`);
  }
}
const latestMean = median(latest.map((s) => s.glassToGlass.meanMs));
const fifoMean = median(fifo.map((s) => s.glassToGlass.meanMs));
const ratio = latestMean / fifoMean;

let pruning = null;
const candidate = pruned ?? manifest.find((m) => m !== baseline) ?? null;
if (candidate) {
  // A camera faster than both models: processed FPS is then each model's own rate in the stream.
  const fastCamera = Math.max(cameraFps, 60);
  const rates = { [baseline.name]: [], [candidate.name]: [] };
  for (let r = 0; r < rounds; r += 1) {
    for (const m of [baseline, candidate, candidate, baseline]) {
      const s = await run(m, 'latest', fastCamera);
      rates[m.name].push(s.processedFps);
      log(`  round ${r + 1} ${m.name.padEnd(22)}: ${s.processedFps.toFixed(1)} FPS (latest, camera ${fastCamera} FPS)`);
    }
  }
  const a = median(rates[baseline.name]);
  const b = median(rates[candidate.name]);
  pruning = { baseline: baseline.name, candidate: candidate.name, candidateIsPruned: candidate.variant === 'pruned', cameraFps: fastCamera, baselineFps: a, candidateFps: b, gainPct: (b / a - 1) * 100 };
}

const report = {
  host: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadavg1: os.loadavg()[0] },
  frames: maxFrames,
  frameSize: '256x256',
  latestVsFifo: {
    model: baseline.name,
    modelOwnFps: ownFps,
    cameraFps,
    latestMeanG2gMs: latestMean,
    fifoMeanG2gMs: fifoMean,
    latestP99Ms: median(latest.map((s) => s.glassToGlass.p99Ms)),
    fifoP99Ms: median(fifo.map((s) => s.glassToGlass.p99Ms)),
    latestDropped: median(latest.map((s) => s.dropped)),
    ratio,
    goal: 0.5,
    met: ratio <= 0.5,
  },
  pruning,
  note: pruned
    ? undefined
    : candidate
      ? `no "${args.pruned}" in the manifest: compared ${baseline.name} with ${candidate.name} instead`
      : `no "${args.pruned}" in the manifest and no other model: pruned vs baseline not measured`,
};
if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else {
  const l = report.latestVsFifo;
  process.stdout.write(`latest / fifo mean glass-to-glass (${l.model}, ${maxFrames} frames, camera ${cameraFps} FPS > model ${ownFps.toFixed(1)} FPS): ${l.latestMeanG2gMs.toFixed(1)} / ${l.fifoMeanG2gMs.toFixed(1)} ms = ${ratio.toFixed(3)} (goal <= 0.5: ${l.met ? 'met' : 'NOT met'})\n`);
  if (pruning) {
    process.stdout.write(`processed FPS ${pruning.candidate} vs ${pruning.baseline}: ${pruning.candidateFps.toFixed(1)} vs ${pruning.baselineFps.toFixed(1)} FPS (${pruning.gainPct >= 0 ? '+' : ''}${pruning.gainPct.toFixed(1)}%)${pruning.candidateIsPruned ? '' : ' (not a pruned model)'}\n`);
  }
  if (report.note) process.stdout.write(`note: ${report.note}\n`);
  process.stdout.write(`host: ${report.host.cpu}, ${report.host.cores} cores, load ${report.host.loadavg1.toFixed(2)}\n`);
}
process.exitCode = ratio <= 0.5 ? 0 : 1;
