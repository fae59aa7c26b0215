#!/usr/bin/env node
// False-alarm rate of hil's latency-regression decision on an unchanged model: one single-stream
// run is stored as the baseline, then the same model is measured again N times (default 20) and
// each rerun is compared with the baseline exactly as `hil run` does (Mann-Whitney U, alpha 0.01,
// plus a 5% median shift). Goal: 0 regressions in 20 reruns. Also reports how a real slowdown
// shows: each rerun's samples scaled by 1.10 must be flagged.
//
//   node bench/false-alarm-bench.mjs [--model NAME] [--reruns N] [--queries Q] [--min-ms MS] [--json]
// Needs `npm run build` first.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'harness', 'dist');
if (!existsSync(path.join(dist, 'index.js'))) {
  process.stderr.write('false-alarm-bench: harness/dist is missing; run `npm run build` first\n');
  process.exit(3);
}
const hil = await import(path.join(dist, 'index.js'));
const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'vgg-ssd-mini' },
    reruns: { type: 'string', default: '20' },
    queries: { type: 'string', default: '662' },
    'min-ms': { type: 'string', default: '5000' },
    json: { type: 'boolean', default: false },
  },
});

const manifest = await hil.loadManifest(path.join(root, 'golden', 'models', 'manifest.yaml'));
const spec = manifest.find((m) => m.name === args.model);
if (!spec) {
  process.stderr.write(`false-alarm-bench: no model "${args.model}" in golden/models/manifest.yaml (${manifest.map((m) => m.name).join(', ')})\n`);
  process.exit(3);
}
const gt = await hil.loadCocoGroundTruth(path.join(root, 'golden', 'datasets', 'shapes-v1', 'annotations.json'));
const images = gt.images.map((im) => ({ id: im.id, path: path.join(root, 'golden', 'datasets', 'shapes-v1', im.file_name) }));
const tensors = await hil.prepareTensors(images, spec.input);
const params = { warmup: 20, minQueries: Number(args.queries), minDurationMs: Number(args['min-ms']), maxDurationMs: 120_000 };

// A fresh runner per measurement, like a fresh `hil run` worker.
async function measure() {
  const runner = await hil.createRunner(spec.filePath, spec);
  try {
    return (await hil.runSingleStream(runner, tensors, params)).samplesMs;
  } finally {
    await runner.close();
  }
}

const baseline = await measure();
const reruns = [];
for (let i = 0; i < Number(args.reruns); i += 1) {
  const samples = await measure();
  const same = hil.compareLatency(baseline, samples, { alpha: 0.01, minShiftPct: 5 });
  const slowed = hil.compareLatency(baseline, samples.map((x) => x * 1.1), { alpha: 0.01, minShiftPct: 5 });
  reruns.push({ shiftPct: same.shiftPct, p: same.pValue, decision: same.decision, slowedDecision: slowed.decision });
  if (!args.json) process.stderr.write(`rerun ${i + 1}: shift ${(same.shiftPct ?? NaN).toFixed(2)}% p=${(same.pValue ?? NaN).toExponential(2)} -> ${same.decision}; +10% -> ${slowed.decision}\n`);
}
const falseAlarms = reruns.filter((r) => r.decision === 'regression').length;
const detected = reruns.filter((r) => r.slowedDecision === 'regression').length;
const result = {
  bench: 'latency-false-alarms',
  model: spec.name,
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, loadavg1: os.loadavg()[0] },
  queriesPerRun: baseline.length,
  baselineMedianMs: hil.computeLatencyStats(baseline).medianMs,
  reruns: reruns.length,
  falseAlarms,
  goal: 0,
  slowdown10pctDetected: `${detected}/${reruns.length}`,
  shiftsPct: reruns.map((r) => (r.shiftPct === null ? null : Number(r.shiftPct.toFixed(2)))),
};
process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `\n${JSON.stringify(result, null, 2)}\nfalse alarms: ${falseAlarms}/${reruns.length} (goal 0); a 10% slowdown was flagged in ${detected}/${reruns.length}\n`);
process.exitCode = falseAlarms === 0 ? 0 : 1;
