/**
 * An input file of the wrong size on the trtexec accuracy path, on every emulated TensorRT: hil
 * checks the size on the board itself and stops with the file, the expected and the actual bytes,
 * because TensorRT does not always: the emulated 8.2 (TX2) reads a short file as it is and passes,
 * 8.5 (Xavier NX) and 10.3 (Orin) refuse it, as the real versions do.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../harness/src/config/load-manifest.js';
import { openBoard } from '../../harness/src/devices/board.js';
import { loadDeviceProfiles } from '../../harness/src/devices/load-profiles.js';
import { loadFarm } from '../../harness/src/devices/load-farm.js';
import { startEmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { inferenceArgs } from '../../harness/src/runners/trtexec-command.js';
import { trtexecInfer } from '../../harness/src/runners/trtexec-infer.js';
import { TrtexecRunner } from '../../harness/src/runners/trtexec-runner.js';
import { repoRoot } from '../support/temp-project.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hil-trt-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES = [
  { type: 'jetson2', tensorrt: '8.2.1', boardChecksSize: false },
  { type: 'xavier-nx', tensorrt: '8.5.2', boardChecksSize: true },
  { type: 'orin-nano', tensorrt: '10.3.0', boardChecksSize: true },
];

describe('trtexec accuracy path: an input file of the wrong size', () => {
  for (const c of CASES) {
    it(`${c.type} (TensorRT ${c.tensorrt}): hil names the file, expected and actual bytes; the board's trtexec ${c.boardChecksSize ? 'refuses it too' : 'would have read it'}`, async () => {
      const farm = await startEmulatedFarm({ boards: 1, type: c.type });
      const profiles = loadDeviceProfiles(path.join(repoRoot, 'devices'));
      const spec = loadFarm(farm.farmFile, profiles).boards[0]!;
      const board = openBoard({ kind: 'ssh', ...spec }, profiles.get(c.type)!);
      try {
        const zoo = (await loadManifest(path.join(repoRoot, 'golden', 'models', 'manifest.yaml'))).find((m) => m.name === 'tiny-yolo-v2-mini')!;
        const model = { name: zoo.name, filePath: zoo.filePath, input: zoo.input };
        const runner = new TrtexecRunner(board, 'igpu');
        const limits = { timeoutMs: 120_000, setupTimeoutMs: 60_000 };
        const expected = 1 * 3 * 160 * 160 * 4;
        const short = path.join(dir, `${c.type}-short.f32`);
        writeFileSync(short, Buffer.alloc(expected - 1000));
        const error = (await trtexecInfer(runner, board, model, [{ localFile: short }], 1, limits).catch((e: unknown) => e)) as Error & { code?: string };
        expect(error.code).toBe('HIL_TRTEXEC_INPUT_SIZE');
        expect(error.message).toMatch(new RegExp(`^${spec.name}: input file \\S+ \\(from ${short.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) has ${expected - 1000} bytes; input input \\[1x3x160x160\\] FP32 needs ${expected} bytes`));
        expect(error.message).toContain(c.boardChecksSize ? 'would refuse it too' : 'would read it as it is and give wrong outputs');
        // What the board's own trtexec does with that file (hil never lets it get this far).
        const tool = await runner.tool(limits);
        expect(tool.version).toBe(c.tensorrt);
        const engine = await runner.engine(model, 1, limits);
        const remote = path.posix.join(board.transport.workdir, 'short.f32');
        await board.transport.putFile(short, remote, { stage: 'deploy', timeoutMs: 30_000 });
        const r = await board.transport.exec([tool.path, ...inferenceArgs({ engine: engine.remotePath, shapes: engine.shapes, gpuId: undefined }), `--loadInputs=input:${remote}`], { stage: 'measure', timeoutMs: 60_000 });
        if (c.boardChecksSize) {
          expect(r.exitCode).not.toBe(0);
          expect(r.stdout).toContain(`Unexpected file size for input file: ${remote}. Note: Expected: ${expected} bytes but only read: ${expected - 1000} bytes`);
        } else {
          expect(r.exitCode, r.stdout.slice(-800)).toBe(0);
          expect(r.stdout).toContain(`Using values loaded from ${remote} for input input`);
        }
      } finally {
        await board.transport.close();
        await farm.stop();
      }
    }, 120_000);
  }
});
