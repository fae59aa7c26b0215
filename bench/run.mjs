#!/usr/bin/env node
// `npm run bench`: every benchmark in this folder, one after the other (never in parallel: they
// measure time on a shared machine). Speed and memory goals live here, not in timed tests.
//   npm run bench [-- NAME...]   e.g. `npm run bench -- map inference`
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const all = [
  ['map', 'map-bench.mjs', 'mAP evaluator on the 5k COCO-size case vs pycocotools (goal >= 10x faster)'],
  ['inference', 'inference-bench.mjs', "harness median latency / bare onnxruntime loop (goal <= 1.02)"],
  ['farm', 'farm-bench.mjs', 'deploy: bytes on an unchanged re-deploy (goal 0), first deploy / scp (goal <= 1.5)'],
  ['makespan', 'makespan-bench.mjs', 'hil run: 8 models on 4 emulated boards (fixed-speed GPU) / 2 models on 1 board (goal <= 1.15)'],
  ['lease', 'lease-bench.mjs', 'leases: 6 hil runs at once on 2 boards (one overloaded), 2 SIGKILLed while holding one: overlapping leases (goal 0)'],
  ['stream', 'stream-bench.mjs', 'stream: latest / fifo glass-to-glass (goal <= 0.5), pruned vs baseline processed FPS'],
  ['regression', 'regression-bench.mjs', 'hil run --compare-to: a real ~10% heavier model caught (goal >= 19 of 20), the same network with other bytes (goal 0 false alarms of 20)'],
  ['zoo', 'zoo-bench.mjs', "latency per MAC of every zoo model on local: does PVA-SSD's deep graph cost more than its MACs (the seed's finding)?"],
  ['hygiene', 'hygiene-bench.mjs', '100 runs against an emulated board: fds, SSH connections, child processes'],
];
const wanted = process.argv.slice(2);
let failed = 0;
for (const [name, file, what] of all) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const script = path.join(here, file);
  if (!existsSync(script)) continue;
  process.stdout.write(`\n=== ${name}: ${what}\n`);
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed > 0 ? 1 : 0;
