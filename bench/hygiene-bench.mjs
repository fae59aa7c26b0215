#!/usr/bin/env node
// Hygiene under load, against the compiled harness (npm run build first):
//   1. 100 consecutive runs against one emulated board (real sshd), each as a hil worker does it:
//      its own SSH connection, lease, health check, one agent job (accuracy, golden images, the
//      tiny model), release, close. Before, every 10 and after: this process's open fds, its
//      ESTABLISHED TCP connections to the board's sshd, sshd's session processes, processes left
//      on the board (by the board's environment marker), this process's other children, files in
//      hil's workdir on the board, RSS. Goal: no growth (fds, connections, processes: last = first).
//   2. `hil run` as a user runs it, --cli N times (default 5) against the same board: board-side
//      sessions, processes and workdir files after each (each run is its own process on the host).
//   3. mAP of a synthetic 10,000-image COCO case (about 70k boxes, 100 detections per image) by
//      `hil eval` in a child process, with 2,500 and 5,000 images for the trend: peak RSS
//      (/usr/bin/time) and wall time. Goal: bounded, i.e. linear in the input, not more.
// Usage: node bench/hygiene-bench.mjs [--runs 100] [--cli 5] [--skip-map] [--json]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(root, 'harness/dist', p));
const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '100' }, cli: { type: 'string', default: '5' }, 'skip-map': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
});
const RUNS = Number(args.runs);
const CLI_RUNS = Number(args.cli);
const say = (line) => !args.json && process.stdout.write(`${line}\n`);
const results = {};
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hil-hygiene-bench-'));

/** ESTABLISHED TCP connections from this host to `port` (client side only: each counted once). */
function establishedTo(port) {
  let n = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4) continue;
      const remotePort = parseInt(f[2].split(':')[1], 16);
      if (remotePort === port && f[3] === '01') n += 1;
    }
  }
  return n;
}

function countFiles(dir) {
  try {
    return readdirSync(dir, { recursive: true }).length;
  } catch {
    return 0;
  }
}

async function agentRuns(farm, board) {
  const { loadDeviceProfiles } = await dist('devices/load-profiles.js');
  const { loadFarm } = await dist('devices/load-farm.js');
  const { openBoard } = await dist('devices/board.js');
  const { acquireLease } = await dist('devices/lease/board-lease.js');
  const { checkBoardHealth } = await dist('devices/health-check.js');
  const { Quarantine } = await dist('devices/quarantine.js');
  const { runAgentJob } = await dist('devices/deploy/run-agent-job.js');
  const { prepareTensors } = await dist('inference/tensor-cache.js');
  const { savePreparedTensors } = await dist('inference/prepared-tensors.js');
  const { DEFAULT_NMS } = await dist('inference/model-spec.js');
  const { descendants } = await dist('emulator/process-tree.js');
  const profiles = loadDeviceProfiles(path.join(root, 'devices'));
  const spec = loadFarm(farm.farmFile, profiles).boards[0];
  const input = { name: 'image', shape: [-1, 3, 64, 64], layout: 'NCHW', colorOrder: 'RGB', resize: 'stretch', scale: 1, mean: [127, 127, 127], std: [128, 128, 128] };
  const images = readdirSync(path.join(root, 'golden/datasets/shapes-v1/images')).sort().slice(0, 3);
  const tensors = await prepareTensors(images.map((f, i) => ({ id: i + 1, path: path.join(root, 'golden/datasets/shapes-v1/images', f) })), input);
  const header = await savePreparedTensors(path.join(tmp, 'tensors'), tensors);
  const job = {
    format: 1,
    modelPath: path.join(root, 'test/fixtures/models/tiny-ssd.onnx'),
    spec: { name: 'tiny-ssd', input, output: { format: 'decoded-softmax', boxes: 'boxes', scores: 'scores', backgroundClass: 0 }, nms: DEFAULT_NMS },
    tensors: header,
    scenarios: [{ scenario: 'accuracy' }],
  };
  const { JOB_FORMAT } = await dist('agent/job.js');
  job.format = JOB_FORMAT;
  const sshdTree = () => (board.sshd.pid ? [board.sshd.pid, ...descendants(board.sshd.pid)] : []);
  const sample = (i) => {
    const sshd = new Set(sshdTree());
    return {
      run: i,
      fds: readdirSync('/proc/self/fd').length,
      sshConnections: establishedTo(board.port),
      sshdSessions: sshd.size - 1,
      boardProcesses: board.processes().length,
      otherChildren: descendants(process.pid).filter((p) => !sshd.has(p)).length,
      workdirFiles: countFiles(board.workdir),
      pidfiles: countFiles(path.join(board.workdir, 'run')),
      rssMb: Math.round(process.memoryUsage().rss / 1048576),
    };
  };
  const samples = [sample(0)];
  say(`  ${Object.keys(samples[0]).join('  ')}`);
  say(`  ${Object.values(samples[0]).join('  ')}`);
  const started = performance.now();
  for (let i = 1; i <= RUNS; i += 1) {
    const b = openBoard({ kind: 'ssh', ...spec }, profiles.get('jetson2'));
    const lease = await acquireLease([b.transport], { runId: `hygiene-${i}`, ttlS: 30 });
    try {
      const health = await checkBoardHealth(b, { quarantine: new Quarantine() });
      if (!health.ok) throw health.failure;
      await runAgentJob(b, job, { timeoutMs: 120_000 });
    } finally {
      await lease.release();
      await b.transport.close();
    }
    if (i % 10 === 0) {
      // Let closed sockets and exited sessions settle (sshd reaps its children asynchronously).
      await new Promise((r) => setTimeout(r, 300));
      samples.push(sample(i));
      say(`  ${Object.values(samples.at(-1)).join('  ')}`);
    }
  }
  const first = samples[1] ?? samples[0];
  const last = samples.at(-1);
  const growth = Object.fromEntries(['fds', 'sshConnections', 'sshdSessions', 'boardProcesses', 'otherChildren', 'workdirFiles', 'pidfiles', 'rssMb'].map((k) => [k, last[k] - first[k]]));
  return { runs: RUNS, secondsPerRun: Number(((performance.now() - started) / 1000 / RUNS).toFixed(2)), samples, growthFromRun10ToLast: growth };
}

function cliRuns(farm, board) {
  const project = path.join(tmp, 'project');
  mkdirSync(path.join(project, 'golden/models'), { recursive: true });
  mkdirSync(path.join(project, 'golden/datasets/small'), { recursive: true });
  mkdirSync(path.join(project, 'suites'), { recursive: true });
  mkdirSync(path.join(project, 'devices'), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'));
  for (const f of ['playwright.config.ts', 'suites/detection.spec.ts', 'devices/jetson2.yaml', 'devices/local.yaml']) writeFileSync(path.join(project, f), readFileSync(path.join(root, f)));
  writeFileSync(path.join(project, 'golden/models/tiny-ssd.onnx'), readFileSync(path.join(root, 'test/fixtures/models/tiny-ssd.onnx')));
  const sha = spawnSync('sha256sum', [path.join(project, 'golden/models/tiny-ssd.onnx')], { encoding: 'utf8' }).stdout.split(' ')[0];
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'hygiene', private: true, type: 'module' }));
  writeFileSync(
    path.join(project, 'golden/models/manifest.yaml'),
    `version: 1\nmodels:\n  - name: tiny-ssd\n    family: tiny-ssd\n    variant: baseline\n    file: tiny-ssd.onnx\n    sha256: ${sha}\n    input: { name: image, shape: [-1, 3, 64, 64], layout: NCHW, colorOrder: RGB, resize: stretch, scale: 1, mean: [127, 127, 127], std: [128, 128, 128] }\n    output: { format: decoded-softmax, boxes: boxes, scores: scores, backgroundClass: 0 }\n    nms: { iouThreshold: 0.45, topKBefore: 400, keepTopK: 200, confidenceThreshold: 0.01 }\n    classes: [circle, triangle, star]\n`,
  );
  const gt = JSON.parse(readFileSync(path.join(root, 'golden/datasets/shapes-v1/annotations.json'), 'utf8'));
  const keep = gt.images.slice(0, 5);
  const ids = new Set(keep.map((i) => i.id));
  writeFileSync(path.join(project, 'golden/datasets/small/annotations.json'), JSON.stringify({ ...gt, images: keep, annotations: gt.annotations.filter((a) => ids.has(a.image_id)) }));
  symlinkSync(path.join(root, 'golden/datasets/shapes-v1/images'), path.join(project, 'golden/datasets/small/images'));
  writeFileSync(path.join(project, 'suites/detection.suite.yaml'), 'dataset: golden/datasets/small\nmodels: [tiny-ssd]\nscenarios: { accuracy: true, singleStream: true, throughput: false }\noverlays: 0\n');
  writeFileSync(path.join(project, 'hil.config.js'), 'export default { singleStream: { warmup: 1, minQueries: 10, minDurationMs: 300 } };\n');
  const rows = [];
  for (let i = 1; i <= CLI_RUNS; i += 1) {
    const r = spawnSync(process.execPath, [path.join(root, 'harness/dist/cli/main.js'), 'run', '--device', board.name, '--target', 'cpu', '--farm', farm.farmFile, '--json'], { cwd: project, encoding: 'utf8', maxBuffer: 64 << 20 });
    const sshd = board.sshd.pid ? spawnSync('ps', ['--ppid', String(board.sshd.pid), '-o', 'pid='], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).length : -1;
    if (r.status === 3) throw new Error(`hil run refused the bench project: ${r.stderr.slice(-1500)}`);
    rows.push({ run: i, exitCode: r.status, sshdSessions: sshd, sshConnections: establishedTo(board.port), boardProcesses: board.processes().length, workdirFiles: countFiles(board.workdir), pidfiles: countFiles(path.join(board.workdir, 'run')) });
    say(`  ${Object.entries(rows.at(-1)).map(([k, v]) => `${k}=${v}`).join('  ')}`);
  }
  return rows;
}

/** Deterministic synthetic COCO case: `n` images, ~7 boxes each, 100 scored detections per image. */
function writeCocoCase(dir, n) {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const categories = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, name: `class-${i + 1}` }));
  const images = [];
  const annotations = [];
  const dets = [];
  let annId = 1;
  for (let id = 1; id <= n; id += 1) {
    images.push({ id, file_name: `${id}.jpg`, width: 640, height: 480 });
    const boxes = [];
    for (let k = 0, m = 3 + Math.floor(rand() * 9); k < m; k += 1) {
      const w = 8 + rand() * 200;
      const h = 8 + rand() * 150;
      const box = [rand() * (640 - w), rand() * (480 - h), w, h].map((v) => Math.round(v * 100) / 100);
      const category_id = 1 + Math.floor(rand() * 20);
      boxes.push({ box, category_id });
      annotations.push({ id: annId++, image_id: id, category_id, bbox: box, area: Math.round(box[2] * box[3] * 100) / 100, iscrowd: 0 });
    }
    for (let k = 0; k < 100; k += 1) {
      const near = boxes[k % boxes.length];
      const jitter = k < boxes.length * 2 ? 4 : 60;
      const b = near.box.map((v, j) => Math.max(1, Math.round((v + (rand() - 0.5) * jitter * (j < 2 ? 1 : 0.5)) * 100) / 100));
      dets.push({ image_id: id, category_id: rand() < 0.8 ? near.category_id : 1 + Math.floor(rand() * 20), bbox: b, score: Math.round(rand() * 1e4) / 1e4 });
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'gt.json'), JSON.stringify({ images, annotations, categories }));
  writeFileSync(path.join(dir, 'dt.json'), JSON.stringify(dets));
  return { images: n, boxes: annotations.length, detections: dets.length, gtMb: statSync(path.join(dir, 'gt.json')).size / 1048576, dtMb: statSync(path.join(dir, 'dt.json')).size / 1048576 };
}

function mapRuns() {
  const rows = [];
  for (const n of [2500, 5000, 10000]) {
    const dir = path.join(tmp, `coco-${n}`);
    const facts = writeCocoCase(dir, n);
    const r = spawnSync('/usr/bin/time', ['-f', 'TIME %M %e', process.execPath, path.join(root, 'harness/dist/cli/main.js'), 'eval', '--annotations', path.join(dir, 'gt.json'), '--detections', path.join(dir, 'dt.json'), '--json'], { encoding: 'utf8', maxBuffer: 16 << 20 });
    const m = /TIME (\d+) ([\d.]+)/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`hil eval failed on ${n} images (exit ${r.status}): ${r.stderr.slice(-2000)}`);
    const stats = JSON.parse(r.stdout).stats;
    rows.push({ ...facts, gtMb: Number(facts.gtMb.toFixed(1)), dtMb: Number(facts.dtMb.toFixed(1)), peakRssMb: Math.round(Number(m[1]) / 1024), seconds: Number(m[2]), mAP: Number(stats[0].toFixed(4)) });
    say(`  ${Object.entries(rows.at(-1)).map(([k, v]) => `${k}=${v}`).join('  ')}`);
    rmSync(dir, { recursive: true, force: true });
  }
  const [a, b, c] = rows;
  const slope = (x, y) => (y.peakRssMb - x.peakRssMb) / ((y.images - x.images) / 1000);
  return { rows, mbPer1000Images: { from2500to5000: Number(slope(a, b).toFixed(1)), from5000to10000: Number(slope(b, c).toFixed(1)) } };
}

const { startEmulatedFarm } = await dist('emulator/emulated-farm.js');
const farm = await startEmulatedFarm({ boards: 1, upgradedNode: true });
try {
  const board = farm.boards[0];
  say(`1. ${RUNS} consecutive runs in this process against ${board.name} (sshd pid ${board.sshd.pid}, port ${board.port}); a sample every 10:`);
  results.agentRuns = await agentRuns(farm, board);
  say(`  growth from run 10 to run ${RUNS}: ${JSON.stringify(results.agentRuns.growthFromRun10ToLast)}; ${results.agentRuns.secondsPerRun} s per run`);
  if (CLI_RUNS > 0) {
    say(`2. hil run x${CLI_RUNS} against ${board.name}, board side after each:`);
    results.cliRuns = cliRuns(farm, board);
  }
} finally {
  await farm.stop();
}
if (!args['skip-map']) {
  say('3. hil eval (COCO mAP) on synthetic cases, peak RSS by /usr/bin/time:');
  results.map = mapRuns();
  say(`  RSS growth per 1000 images: ${JSON.stringify(results.map.mbPer1000Images)}`);
}
rmSync(tmp, { recursive: true, force: true });
if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
