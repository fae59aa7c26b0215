#!/usr/bin/env node
// Harness overhead benchmark: hil's reported single-stream median latency divided by the median of
// a bare onnxruntime-node loop on the same model, inputs and session options. Goal: <= 1.02.
//
//   node bench/inference-bench.mjs [--model GOLDEN-NAME|tiny-ssd|PATH.onnx] [--threads N] [--rounds R]
//                                  [--queries Q] [--min-ms MS] [--isolation worker|child-process|in-process] [--json]
//
// Default model: the first golden model in golden/models/manifest.yaml, else the tiny SSD test
// fixture. Each round runs both sides, in ABBA order across rounds (hil first in even rounds, bare
// first in odd ones) so load drift and order effects hit both. The headline ratio is the median of
// the paired per-round ratios (hil median / bare median of the same round): on a shared machine,
// load changes between rounds and pairing cancels it. Medians over all rounds are shown beside it.
// Needs `npm run build` first.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'harness', 'dist');
if (!existsSync(path.join(dist, 'inference', 'index.js'))) {
  process.stderr.write('inference-bench: harness/dist is missing; run `npm run build` first\n');
  process.exit(3);
}
const hil = await import(path.join(dist, 'inference', 'index.js'));
const ort = (await import('onnxruntime-node')).default;

const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    threads: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '10' },
    queries: { type: 'string', default: '662' },
    'min-ms': { type: 'string', default: '1000' },
    isolation: { type: 'string', default: 'worker' },
    json: { type: 'boolean', default: false },
  },
});

const { spec, modelPath, images } = await pickModel(args.model);
const session = { intraOpNumThreads: Number(args.threads) };
const rounds = Number(args.rounds);
const params = { warmup: 20, minQueries: Number(args.queries), minDurationMs: Number(args['min-ms']), maxDurationMs: 120_000 };
const tensors = await hil.prepareTensors(images, spec.input);

// Both sessions stay open for the whole bench; only one runs at a time.
const runner = await hil.createRunner(modelPath, spec, { session, isolation: args.isolation });
const bareSession = await ort.InferenceSession.create(modelPath, hil.toOrtOptions(hil.resolveSessionConfig(session)));
const harness = [];
const bare = [];
for (let r = 0; r < rounds; r += 1) {
  if (r % 2 === 0) {
    harness.push(await harnessRun());
    bare.push(await bareRun());
  } else {
    bare.push(await bareRun());
    harness.push(await harnessRun());
  }
}
await runner.close();
await bareSession.release();
const med = (xs) => hil.computeLatencyStats(xs).medianMs;
const harnessMedian = med(harness.map((s) => s.medianMs));
const bareMedian = med(bare.map((s) => s.medianMs));
const result = {
  bench: 'inference-overhead',
  model: spec.name,
  modelPath: path.relative(root, modelPath),
  isolation: args.isolation,
  session: hil.resolveSessionConfig(session),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, loadavg1: os.loadavg()[0], node: process.version, onnxruntime: ort.env.versions.node },
  timerResolutionNs: timerResolutionNs(),
  rounds,
  queriesPerRound: harness.map((s) => s.n),
  harnessMedianMs: harnessMedian,
  bareMedianMs: bareMedian,
  ratioOfMedians: harnessMedian / bareMedian,
  ratio: med(harness.map((h, i) => h.medianMs / bare[i].medianMs)),
  goal: 1.02,
  perRound: harness.map((h, i) => ({ harnessMedianMs: h.medianMs, bareMedianMs: bare[i].medianMs, ratio: h.medianMs / bare[i].medianMs, harnessP99Ms: h.p99Ms, bareP99Ms: bare[i].p99Ms })),
};
if (args.json) process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
else {
  const f = (v) => v.toFixed(4);
  process.stdout.write(
    `inference overhead: ${result.model} (${result.isolation}, intraOpNumThreads ${args.threads}), ${rounds} rounds x >= ${params.minQueries} queries / ${params.minDurationMs} ms\n` +
      `  ${result.machine.cpu} x${result.machine.cores}, load ${result.machine.loadavg1.toFixed(2)}, onnxruntime-node ${result.machine.onnxruntime}, timer resolution ${result.timerResolutionNs} ns\n` +
      result.perRound.map((p, i) => `  round ${i + 1}: hil ${f(p.harnessMedianMs)} ms  bare ${f(p.bareMedianMs)} ms  ratio ${p.ratio.toFixed(4)}\n`).join('') +
      `  median latency over rounds: hil ${f(harnessMedian)} ms, bare onnxruntime ${f(bareMedian)} ms (ratio ${result.ratioOfMedians.toFixed(4)})\n` +
      `  ratio (median of paired per-round ratios): ${result.ratio.toFixed(4)} (goal <= ${result.goal}) ${result.ratio <= result.goal ? 'MET' : 'NOT MET'}\n`,
  );
}

async function harnessRun() {
  return (await hil.runSingleStream(runner, tensors, params)).stats;
}

/** The loop a user would write by hand: same options, same tensors, hrtime around session.run. */
async function bareRun() {
  const s = bareSession;
  {
    const size = tensors.imageShape.reduce((a, b) => a * b, 1);
    const n = Math.min(tensors.count, 256);
    const feeds = Array.from({ length: n }, (_, i) => ({
      [tensors.inputName]: new ort.Tensor('float32', new Float32Array(tensors.data.subarray(i * size, (i + 1) * size)), [1, ...tensors.imageShape]),
    }));
    for (let i = 0; i < params.warmup; i += 1) await s.run(feeds[i % n]);
    const samples = [];
    const start = process.hrtime.bigint();
    const minNs = BigInt(params.minDurationMs) * 1_000_000n;
    for (let i = 0; ; i += 1) {
      const t0 = process.hrtime.bigint();
      await s.run(feeds[i % n]);
      const t1 = process.hrtime.bigint();
      samples.push(Number(t1 - t0) / 1e6);
      if (samples.length >= params.minQueries && t1 - start >= minNs) break;
    }
    return hil.computeLatencyStats(samples);
  }
}

async function pickModel(choice) {
  const fixture = path.join(root, 'test', 'fixtures', 'models');
  const manifestPath = path.join(root, 'golden', 'models', 'manifest.yaml');
  const goldenImages = () => {
    const dir = path.join(root, 'golden', 'datasets', 'shapes-v1');
    const ann = JSON.parse(readFileSync(path.join(dir, 'annotations.json'), 'utf8'));
    return ann.images.slice(0, 64).map((im) => ({ id: im.id, path: path.join(dir, im.file_name) }));
  };
  if (choice?.endsWith('.onnx')) {
    // Any ONNX file: its first input, fed the fixture image resized to it (single-stream never decodes).
    const modelPath = path.resolve(choice);
    const s = await ort.InferenceSession.create(modelPath);
    const input = s.inputMetadata[0];
    await s.release();
    const [, c, h, w] = input.shape.map((d) => (typeof d === 'number' && d > 0 ? d : -1));
    const spec = {
      name: path.basename(modelPath),
      input: { name: input.name, shape: [-1, c, h, w], layout: 'NCHW', colorOrder: 'RGB', resize: 'stretch', scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] },
      output: { format: 'decoded-softmax', boxes: 'boxes', scores: 'scores', backgroundClass: 0 },
      nms: hil.DEFAULT_NMS,
    };
    return { spec, modelPath, images: [{ id: 1, path: path.join(fixture, 'tiny-ssd-card.png') }] };
  }
  if (choice !== 'tiny-ssd' && existsSync(manifestPath)) {
    const { parse } = await import('yaml');
    const models = parse(readFileSync(manifestPath, 'utf8')).models ?? [];
    const m = choice ? models.find((x) => x.name === choice) : models[0];
    if (m) return { spec: m, modelPath: path.join(root, 'golden', 'models', m.file), images: goldenImages() };
    if (choice) throw new Error(`no model ${choice} in ${manifestPath}`);
  }
  return {
    spec: {
      name: 'tiny-ssd (test fixture)',
      input: { name: 'image', shape: [-1, 3, 64, 64], layout: 'NCHW', colorOrder: 'RGB', resize: 'stretch', scale: 1, mean: [127, 127, 127], std: [128, 128, 128] },
      output: { format: 'decoded-softmax', boxes: 'boxes', scores: 'scores', backgroundClass: 0 },
      nms: hil.DEFAULT_NMS,
    },
    modelPath: path.join(fixture, 'tiny-ssd.onnx'),
    images: [{ id: 1, path: path.join(fixture, 'tiny-ssd-card.png') }],
  };
}

/** Smallest non-zero step of process.hrtime.bigint() seen in a burst of reads. */
function timerResolutionNs() {
  let best = Infinity;
  let prev = process.hrtime.bigint();
  for (let i = 0; i < 100_000; i += 1) {
    const t = process.hrtime.bigint();
    if (t !== prev) best = Math.min(best, Number(t - prev));
    prev = t;
  }
  return best;
}
