#!/usr/bin/env node
// The regression gate, measured through the real thing: `hil run --compare-to` in a git
// repository holding the golden zoo, on the local device.
//  - caught: vgg-ssd-mini-pruned replaced by a real heavier network (identity 1x1 convolutions
//    after six ReLUs: the same detections, about 10% more latency, measured here), committed;
//    each trial compares it with the original. Goal: caught in >= 19 of 20 trials.
//  - false alarms: the same network with other bytes (only the ONNX producer string differs),
//    committed; each trial compares it with the original. Goal: 0 of 20.
// Each trial is a fresh `hil run` (worker, sessions, interleaved blocks A B | B A ...).
//
//   node bench/regression-bench.mjs [--trials N] [--json]
// Needs `npm run build` first.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { modelVariants } from './lib/model-variants.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'harness', 'dist');
const bin = path.join(dist, 'cli', 'main.js');
if (!existsSync(bin)) {
  process.stderr.write('regression-bench: harness/dist is missing; run `npm run build` first\n');
  process.exit(3);
}
const { values: args } = parseArgs({ options: { trials: { type: 'string', default: '20' }, json: { type: 'boolean', default: false } } });
const trials = Number(args.trials);
const MODEL = 'vgg-ssd-mini-pruned';
// Identity 1x1 convolutions after the ReLUs of the first six convolutions.
const HEAVIER = [[1, 16], [2, 16], [3, 32], [4, 24], [5, 72], [6, 64]].map(([l, c]) => ({ conv: `/model/c${l}/block/block.0/Conv`, channels: c, kernel: 1 }));

const dir = mkdtempSync(path.join(os.tmpdir(), 'hil-regression-bench-'));
const git = (...a) => execFileSync('git', ['-C', dir, '-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...a], { encoding: 'utf8' }).trim();
try {
  // A project like a user's: the golden zoo and dataset, the detection spec, this repository's hil.
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  for (const sub of ['suites', 'devices', 'golden/models', 'golden/datasets']) mkdirSync(path.join(dir, sub), { recursive: true });
  symlinkSync(path.join(root, 'golden', 'datasets', 'shapes-v1'), path.join(dir, 'golden', 'datasets', 'shapes-v1'));
  cpSync(path.join(root, 'playwright.config.ts'), path.join(dir, 'playwright.config.ts'));
  cpSync(path.join(root, 'suites', 'detection.spec.ts'), path.join(dir, 'suites', 'detection.spec.ts'));
  cpSync(path.join(root, 'devices', 'local.yaml'), path.join(dir, 'devices', 'local.yaml'));
  for (const f of readdirSync(path.join(root, 'golden', 'models'))) cpSync(path.join(root, 'golden', 'models', f), path.join(dir, 'golden', 'models', f));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench', private: true, type: 'module' }));
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules\nreports/\n');
  writeFileSync(path.join(dir, 'hil.config.js'), 'export default {};\n');
  writeFileSync(path.join(dir, 'suites', 'detection.suite.yaml'), `dataset: golden/datasets/shapes-v1\nmodels: [${MODEL}]\nscenarios: { accuracy: true, singleStream: true, throughput: false }\ntolerances:\n  ${MODEL}: { map50Min: 0.5 }\n`);
  git('init', '-q', '-b', 'original');
  git('add', '-A');
  git('commit', '-q', '-m', 'golden zoo');

  const variants = await modelVariants(dist);
  const modelFile = path.join(dir, 'golden', 'models', `${MODEL}.onnx`);
  const original = readFileSync(modelFile);
  const manifestFile = path.join(dir, 'golden', 'models', 'manifest.yaml');
  const manifest = readFileSync(manifestFile, 'utf8');
  const commitVariant = (branch, bytes, message) => {
    git('checkout', '-q', '-b', branch, 'original');
    writeFileSync(modelFile, bytes);
    const at = manifest.indexOf('sha256: ', manifest.indexOf(`- name: ${MODEL}`));
    writeFileSync(manifestFile, `${manifest.slice(0, at)}sha256: ${createHash('sha256').update(bytes).digest('hex')}${manifest.slice(at + 72)}`);
    git('commit', '-q', '-am', message);
  };
  commitVariant('heavier', variants.heavier(original, HEAVIER), 'heavier: identity 1x1 convolutions after six ReLUs');
  commitVariant('renamed', variants.renamed(original, 'hil-bench-same-network'), 'same network, other bytes');
  const { inspectModelFile } = await import(path.join(dist, 'onnx', 'inspect-model.js'));
  git('checkout', '-q', 'heavier');
  const macsHeavier = (await inspectModelFile(modelFile, 'h')).macs;
  const macsOriginal = (await inspectModelFile(path.join(root, 'golden', 'models', `${MODEL}.onnx`), 'o')).macs;

  const trial = (branch) => {
    git('checkout', '-q', branch);
    const r = spawnSync(process.execPath, [bin, 'run', '--device', 'local', '--compare-to', 'original', '--grep', 'compare: latency', '--json'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
    const doc = JSON.parse(r.stdout);
    const check = doc.checks.find((c) => c.check === 'compare-latency');
    const latency = doc.compare.models[0].results[0]?.latency;
    return { exitCode: r.status, status: check?.status ?? 'missing', ratio: latency?.ratio ?? null, ci: latency?.ci ?? null };
  };
  const heavier = [];
  const same = [];
  for (let i = 0; i < trials; i += 1) {
    heavier.push(trial('heavier'));
    same.push(trial('renamed'));
    process.stderr.write(`trial ${i + 1}/${trials}: heavier ${heavier.at(-1).status} (${heavier.at(-1).ratio?.toFixed(4)}), same ${same.at(-1).status} (${same.at(-1).ratio?.toFixed(4)})\n`);
  }
  const med = (xs) => {
    const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)] : null;
  };
  const caught = heavier.filter((t) => t.status === 'failed').length;
  const falseAlarms = same.filter((t) => t.status === 'failed').length;
  const broken = [...heavier, ...same].filter((t) => t.status !== 'failed' && t.status !== 'passed').length;
  const result = {
    host: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg: os.loadavg().map((l) => Number(l.toFixed(2))) },
    model: MODEL,
    trials,
    heavier: { caught, macsIncreasePct: Number(((macsHeavier / macsOriginal - 1) * 100).toFixed(1)), measuredSlowdownPct: Number(((med(heavier.map((t) => t.ratio)) - 1) * 100).toFixed(2)), ratios: heavier.map((t) => t.ratio) },
    unchanged: { falseAlarms, medianShiftPct: Number(((med(same.map((t) => t.ratio)) - 1) * 100).toFixed(2)), ratios: same.map((t) => t.ratio) },
    broken,
    goals: { caught: `>= ${Math.ceil(trials * 0.95)} of ${trials}`, falseAlarms: `0 of ${trials}` },
  };
  if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(
      `host: ${result.host.cpus} cores (${result.host.cpu}), load ${result.host.loadavg.join(' ')}\n` +
        `heavier ${MODEL} (+${result.heavier.macsIncreasePct}% MACs, measured +${result.heavier.measuredSlowdownPct}% latency, median new/old over the trials): caught in ${caught} of ${trials} (goal >= ${Math.ceil(trials * 0.95)})\n` +
        `same network, other bytes (median shift ${result.unchanged.medianShiftPct}%): false alarms ${falseAlarms} of ${trials} (goal 0)\n` +
        (broken > 0 ? `${broken} trial(s) did not decide (broken or skipped)\n` : ''),
    );
  }
  process.exitCode = caught >= Math.ceil(trials * 0.95) && falseAlarms === 0 && broken === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
