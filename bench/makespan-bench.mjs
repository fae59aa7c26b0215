#!/usr/bin/env node
// Farm makespan through real `hil run` (issue #13): 8 models on the 4 boards of `jetson2` vs the
// ideal, 2 models on 1 board (perfect spreading gives each of the 4 boards 2 models). Both runs are
// whole `hil run --target igpu` processes: planning, Playwright workers, leases, deploys, trtexec
// engine builds, power sampling, reports. Goal: ratio <= 1.15.
//
// The board-side work must not depend on the host's cores (4 emulated boards share this host's
// CPUs; that would measure the host, not the scheduler): the boards play a GPU of fixed speed
// (emulator state `gpuQueryMs`: each trtexec query is a timer on the board's clock), so a model's
// timing run lasts as long on a loaded host as on an idle one. The host's cores and load are
// printed with the figure.   Usage: node bench/makespan-bench.mjs [--reps N]
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startEmulatedFarm } = await import(path.join(root, 'harness/dist/emulator/emulated-farm.js'));
const repsAt = process.argv.indexOf('--reps');
const reps = repsAt > 0 ? Number(process.argv[repsAt + 1]) : 3;
const MODELS = Array.from({ length: 8 }, (_, i) => `m${i + 1}`);
const GPU_QUERY_MS = 20;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A hil project: 8 names for one small ONNX model, single-stream only (trtexec has no accuracy path yet). */
function makeProject() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hil-makespan-'));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  for (const sub of ['suites', 'devices', 'golden/models', 'golden/datasets']) mkdirSync(path.join(dir, sub), { recursive: true });
  symlinkSync(path.join(root, 'golden/datasets/shapes-v1'), path.join(dir, 'golden/datasets/shapes-v1'));
  cpSync(path.join(root, 'playwright.config.ts'), path.join(dir, 'playwright.config.ts'));
  cpSync(path.join(root, 'suites/detection.spec.ts'), path.join(dir, 'suites/detection.spec.ts'));
  for (const f of readdirSync(path.join(root, 'devices')).filter((f) => f.endsWith('.yaml') && !f.startsWith('farm'))) cpSync(path.join(root, 'devices', f), path.join(dir, 'devices', f));
  const model = path.join(root, 'test/fixtures/models/tiny-ssd.onnx');
  cpSync(model, path.join(dir, 'golden/models/tiny-ssd.onnx'));
  const sha = createHash('sha256').update(readFileSync(model)).digest('hex');
  const entry = (name) => `  - name: ${name}
    family: tiny-ssd
    variant: baseline
    file: tiny-ssd.onnx
    sha256: ${sha}
    input: { name: image, shape: [-1, 3, 64, 64], layout: NCHW, colorOrder: RGB, resize: stretch, scale: 1, mean: [127, 127, 127], std: [128, 128, 128] }
    output: { format: decoded-softmax, boxes: boxes, scores: scores, backgroundClass: 0 }
    nms: { iouThreshold: 0.45, topKBefore: 400, keepTopK: 200, confidenceThreshold: 0.01 }
    classes: [circle, triangle, star]
`;
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'hil-makespan', private: true, type: 'module' }));
  writeFileSync(path.join(dir, 'golden/models/manifest.yaml'), `version: 1\nmodels:\n${MODELS.map(entry).join('')}`);
  writeFileSync(path.join(dir, 'suites/detection.suite.yaml'), `dataset: golden/datasets/shapes-v1\nmodels: [${MODELS.join(', ')}]\nscenarios: { accuracy: false, singleStream: true, throughput: false }\noverlays: 0\n`);
  // 8 s of timed queries per model (+ warm-up, engine build, calibration): the board's work.
  writeFileSync(path.join(dir, 'hil.config.js'), 'export default { singleStream: { warmup: 1, minQueries: 10, minDurationMs: 8000 } };\n');
  return dir;
}

function hilRun(cwd, args) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    execFile(process.execPath, [path.join(root, 'harness/dist/cli/main.js'), 'run', ...args, '--json'], { cwd, env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const ms = performance.now() - t0;
      let doc = null;
      try {
        doc = JSON.parse(stdout);
      } catch {
        // reported below
      }
      resolve({ ms, code: error ? (error.code ?? 1) : 0, doc, stderr });
    });
  });
}

const farm = await startEmulatedFarm({ boards: 4 });
for (const b of farm.boards) b.setState({ gpuQueryMs: GPU_QUERY_MS });
const project = makeProject();
try {
  const serial = [];
  const spread = [];
  const where = [];
  for (let rep = 0; rep < reps; rep += 1) {
    const one = await hilRun(project, ['--device', 'tx2-01', '--target', 'igpu', '--model', 'm1', '--model', 'm2', '--farm', farm.farmFile]);
    const all = await hilRun(project, ['--device', 'jetson2', '--target', 'igpu', '--farm', farm.farmFile]);
    for (const r of [one, all]) if (!r.doc) throw new Error(`hil run printed no JSON (exit ${r.code}): ${r.stderr.slice(-2000)}`);
    serial.push(one.ms);
    spread.push(all.ms);
    const perBoard = {};
    for (const m of all.doc.models) perBoard[m.board] = (perBoard[m.board] ?? 0) + 1;
    where.push(perBoard);
    console.log(`rep ${rep + 1}: 2 models on 1 board ${(one.ms / 1000).toFixed(1)} s (exit ${one.code}); 8 models on 4 boards ${(all.ms / 1000).toFixed(1)} s (exit ${all.code}, models per board ${JSON.stringify(perBoard)})`);
  }
  const ratio = median(spread) / median(serial);
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`makespan (hil run, --target igpu, fixed-speed emulated GPU ${GPU_QUERY_MS} ms/query): 8 models on 4 boards ${(median(spread) / 1000).toFixed(1)} s vs ideal (2 models on 1 board) ${(median(serial) / 1000).toFixed(1)} s = ${ratio.toFixed(2)} (goal <= 1.15; medians of ${reps}); host ${os.cpus().length} cores, load ${load}`);
  console.log(JSON.stringify({ makespan: { reps, serialMs: serial, spreadMs: spread, ratio, goal: 1.15, modelsPerBoard: where, hostCpus: os.cpus().length, loadAvg: os.loadavg() } }));
  process.exitCode = ratio <= 1.15 ? 0 : 1;
} finally {
  rmSync(project, { recursive: true, force: true });
  await farm.stop();
}
