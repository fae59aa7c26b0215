#!/usr/bin/env node
// Farm benchmarks on emulated boards (real sshd on 127.0.0.1), against the compiled harness:
//   1. bytes sent by a second, unchanged deploy (goal 0)
//   2. first deploy time / plain `scp` of the same file (goal <= 1.5), medians of 5, both with
//      their own connection set-up (deploy: connect + hash + cache check + upload + on-board verify)
// The farm makespan is measured through real `hil run` processes in makespan-bench.mjs.
// Usage: node bench/farm-bench.mjs
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(path.join(root, 'harness/dist', p));
const { loadDeviceProfiles } = await dist('devices/load-profiles.js');
const { loadFarm } = await dist('devices/load-farm.js');
const { openBoard } = await dist('devices/board.js');
const { deployFiles } = await dist('devices/deploy/deploy-cache.js');

const run = promisify(execFile);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hil-farm-bench-'));
// The boards run in their own `hil emulate` process, as a user runs them: the emulator's work
// (sshd, the fake sysfs ticker) stays out of this process's event loop and its timings.
const emulator = spawn(process.execPath, [path.join(root, 'harness/dist/cli/main.js'), 'emulate', '--boards', '4', '--upgraded-node', '--farm-out', path.join(tmp, 'farm.yaml')], { stdio: ['ignore', 'pipe', 'inherit'] });
const emulatorDone = new Promise((resolve) => emulator.once('exit', resolve));
await new Promise((resolve, reject) => {
  let out = '';
  emulator.stdout.on('data', (d) => {
    out += d;
    if (out.includes('stop with Ctrl-C')) resolve();
  });
  emulator.once('exit', (code) => reject(new Error(`hil emulate exited ${code}: ${out}`)));
});
const farm = { farmFile: path.join(tmp, 'farm.yaml') };
const profiles = loadDeviceProfiles(path.join(root, 'devices'));
const inventory = loadFarm(farm.farmFile, profiles);
const open = (i) => openBoard({ kind: 'ssh', ...inventory.boards[i] }, profiles.get('jetson2'));
const results = {};

try {
  const model = path.join(root, 'golden/models/vgg-ssd-mini.onnx');
  const big = path.join(tmp, 'model-20MB.bin');
  // Incompressible bytes, made without a 20M-element JS array (its garbage would land in the timings).
  writeFileSync(big, randomBytes(20 * 1024 * 1024));
  const files = [
    ...(statSync(model, { throwIfNoEntry: false }) ? [{ name: 'vgg-ssd-mini.onnx', file: model }] : []),
    { name: '20 MB file', file: big },
  ];

  // 1. An unchanged re-deploy sends nothing.
  const board = open(0);
  await board.transport.connect();
  const first = await deployFiles(board.transport, files.map((f) => f.file), { timeoutMs: 120_000 });
  const second = await deployFiles(board.transport, files.map((f) => f.file), { timeoutMs: 120_000 });
  results.redeployBytes = { first: first.bytesSent, second: second.bytesSent, goal: 0 };
  console.log(`re-deploy: first sent ${first.bytesSent} bytes, second (unchanged) sent ${second.bytesSent} bytes (goal 0)`);
  await board.transport.close();

  // 2. First deploy vs scp, each with a fresh connection; the board's cache is emptied first.
  const target = inventory.boards[1];
  const knownHosts = path.join(tmp, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${target.port} ${target.hostKey}\n`);
  const scpArgs = ['-q', '-i', target.identityFile, '-P', String(target.port), '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes'];
  results.firstDeploy = [];
  for (const { name, file } of files) {
    const deployMs = [];
    const scpMs = [];
    for (let rep = 0; rep < 5; rep += 1) {
      const b = open(1);
      await b.transport.connect();
      await b.transport.exec(['rm', '-rf', `${b.transport.workdir}/cache`, `${b.transport.workdir}/scp-copy`], { stage: 'bench', timeoutMs: 30_000 });
      await b.transport.close();
      const fresh = open(1);
      let t0 = performance.now();
      await fresh.transport.connect();
      await deployFiles(fresh.transport, [file], { timeoutMs: 120_000 });
      deployMs.push(performance.now() - t0);
      await fresh.transport.close();
      t0 = performance.now();
      await run('scp', [...scpArgs, file, `${target.user}@127.0.0.1:${target.workdir}/scp-copy`]);
      scpMs.push(performance.now() - t0);
    }
    const ratio = median(deployMs) / median(scpMs);
    results.firstDeploy.push({ file: name, bytes: statSync(file).size, deployMedianMs: median(deployMs), scpMedianMs: median(scpMs), ratio, goal: 1.5 });
    console.log(`first deploy of ${name} (${statSync(file).size} bytes): hil ${median(deployMs).toFixed(0)} ms vs scp ${median(scpMs).toFixed(0)} ms (medians of 5) = ${ratio.toFixed(2)} (goal <= 1.5)`);
  }

  console.log(JSON.stringify(results));
} finally {
  emulator.kill('SIGTERM');
  await emulatorDone;
  rmSync(tmp, { recursive: true, force: true });
}
