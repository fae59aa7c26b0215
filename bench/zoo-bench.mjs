#!/usr/bin/env node
// Latency per MAC of every zoo model on `local` (host CPU, onnxruntime-node through hil's runner):
// does graph depth cost PVA-SSD more than its MACs suggest, as the seed found on the TX2?
//
//   node bench/zoo-bench.mjs [--rounds 5] [--threads 1] [--manifest FILE] [--json]
//
// MACs and node counts come from `hil models inspect`'s code, latency from hil's single-stream
// scenario on the golden val pictures. Rounds alternate between models (a burst of load elsewhere
// hits all of them alike); the headline per model is the median of its per-round medians, and the
// "× vgg" ratios are medians of the per-round paired ratios, which cancel load drift between rounds.
// Needs `npm run build` first.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'harness', 'dist');
if (!existsSync(path.join(dist, 'engine', 'index.js'))) {
  process.stderr.write('zoo-bench: harness/dist is missing; run `npm run build` first\n');
  process.exit(3);
}
const load = (p) => import(path.join(dist, p));
const { loadManifest } = await load('config/load-manifest.js');
const { inspectModelFile } = await load('onnx/inspect-model.js');
const { prepareTensors } = await load('inference/index.js');
const { createRunner, runSingleStream } = await load('engine/index.js');

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    threads: { type: 'string', default: '1' },
    manifest: { type: 'string', default: path.join(root, 'golden', 'models', 'manifest.yaml') },
    reference: { type: 'string', default: 'vgg-ssd-mini' },
    json: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const annotations = path.join(root, 'golden', 'datasets', 'shapes-v1', 'annotations.json');
const gt = JSON.parse(readFileSync(annotations, 'utf8'));
// 64 pictures are plenty for latency (the scenario cycles through them).
const images = gt.images.slice(0, 64).map((im) => ({ id: im.id, path: path.join(path.dirname(annotations), im.file_name) }));

const models = await loadManifest(path.resolve(args.manifest));
const rows = [];
for (const m of models) {
  const inspection = await inspectModelFile(m.filePath, m.name);
  const tensors = await prepareTensors(images, m.input);
  const runner = await createRunner(m.filePath, m, { isolation: 'in-process', session: { intraOpNumThreads: Number(args.threads) } });
  rows.push({ name: m.name, precision: m.provenance?.precision ?? 'fp32', macs: inspection.macs, nodes: inspection.nodes, runner, tensors, medians: [] });
}
for (let round = 0; round < rounds; round += 1) {
  // Rotate the starting model each round so no model always runs first (warmest or coldest).
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[(i + round) % rows.length];
    const r = await runSingleStream(row.runner, row.tensors, { warmup: 20, minQueries: 200, minDurationMs: 1500, maxDurationMs: 20000, sampleCount: 64 });
    row.medians.push(r.stats.medianMs);
  }
}
for (const row of rows) await row.runner.close();

const ref = rows.find((r) => r.name === args.reference) ?? rows[0];
const out = rows.map((row) => {
  const perRound = row.medians.map((ms, i) => ms / ref.medians[i]);
  const latencyRatio = median(perRound);
  const macRatio = row.macs / ref.macs;
  return {
    model: row.name,
    precision: row.precision,
    macs: row.macs,
    nodes: row.nodes,
    medianMs: median(row.medians),
    nsPerMac: (median(row.medians) * 1e6) / row.macs,
    latencyVsRef: latencyRatio,
    latencyVsRefRange: [Math.min(...perRound), Math.max(...perRound)],
    macsVsRef: macRatio,
    // > 1: slower than its MACs predict from the reference's cost per MAC.
    costPerMacVsRef: latencyRatio / macRatio,
  };
});

const facts = { host: `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`, load: os.loadavg()[0].toFixed(2), rounds, threads: Number(args.threads), reference: ref.name };
if (args.json) {
  process.stdout.write(`${JSON.stringify({ ...facts, models: out }, null, 2)}\n`);
} else {
  console.log(`host ${facts.host}, load ${facts.load}, ${rounds} alternating rounds, ${facts.threads} intra-op thread(s); ratios vs ${ref.name} (median of per-round pairs)`);
  const header = ['model', 'prec', 'MACs', 'nodes', 'median ms', 'ns/MAC', 'MACs ×ref', 'latency ×ref (range)', 'cost/MAC ×ref'];
  const table = [header, ...out.map((r) => [
    r.model, r.precision, `${(r.macs / 1e6).toFixed(1)} M`, String(r.nodes), r.medianMs.toFixed(3), r.nsPerMac.toFixed(3),
    r.macsVsRef.toFixed(3), `${r.latencyVsRef.toFixed(3)} (${r.latencyVsRefRange[0].toFixed(2)}-${r.latencyVsRefRange[1].toFixed(2)})`, r.costPerMacVsRef.toFixed(2),
  ])];
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table) console.log(row.map((cell, c) => (c === 0 || c === 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  const pva = out.find((r) => r.model === 'pva-ssd-mini');
  if (pva) {
    const verdict = pva.costPerMacVsRef > 1.1 ? 'confirmed here' : pva.costPerMacVsRef < 0.9 ? 'refuted here' : 'not visible here';
    console.log(`seed's finding (deep graph costs more than its MACs): pva-ssd-mini ${pva.nodes} nodes, ${pva.macsVsRef.toFixed(2)}x the MACs, ${pva.latencyVsRef.toFixed(2)}x the latency of ${ref.name}: ${pva.costPerMacVsRef.toFixed(2)}x the cost per MAC (${verdict})`);
  }
}
