/**
 * The demo wall over SSH: `hil run --suite stream --device jetson2 --streams 3` on two emulated
 * TX2 boards (real sshd, hil's agent deployed there): the frames are deployed by hash, each board
 * times its own streams, the streams are spread 2 + 1, and each stream and the total are reported.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { createTempProject, repoRoot, runHil, type TempProject } from '../support/temp-project.js';

let farm: EmulatedFarm;
let project: TempProject;
beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 2, upgradedNode: true });
  project = createTempProject();
  cpSync(path.join(repoRoot, 'suites', 'stream.spec.ts'), path.join(project.dir, 'suites', 'stream.spec.ts'));
  project.write(
    'suites/stream.suite.yaml',
    ['dataset: reports/.cache/sequences/farm-seq', 'models: [tiny-ssd]', 'stream:', '  sequence: { seed: 5, frames: 20, size: 96x72 }', '  cameraFps: 30', '  warmup: 1'].join('\n'),
  );
}, 120_000);
afterAll(async () => {
  project?.cleanup();
  await farm?.stop();
});

describe('stream wall on the farm', () => {
  it('spreads three streams over two boards and reports each stream and the total', async () => {
    const result = await runHil(project.dir, ['run', '--suite', 'stream', '--device', 'jetson2', '--farm', farm.farmFile, '--streams', '3', '--json']);
    // Verdicts against the TX2 budgets may pass or fail on a loaded host; nothing may break.
    expect([0, 1], result.stderr).toContain(result.code);
    const doc = JSON.parse(result.stdout) as {
      models: Array<{ board: string; figures: Array<{ name: string; value: number | null }>; stream: { totalProcessedFps: number; streams: Array<{ stream: number; board: string; produced: number; processed: number; glassToGlass: { p99Ms: number } | null }> } }>;
      checks: Array<{ check: string; status: string; verdict: { limit?: { value: number } } | null }>;
    };
    const stream = doc.models[0]!.stream;
    expect(stream.streams).toHaveLength(3);
    const byBoard = new Map<string, number>();
    for (const s of stream.streams) byBoard.set(s.board, (byBoard.get(s.board) ?? 0) + 1);
    expect([...byBoard.values()].sort()).toEqual([1, 2]);
    expect(stream.streams.every((s) => s.produced === 20 && s.processed > 0)).toBe(true);
    expect(stream.totalProcessedFps).toBeGreaterThan(0);
    expect(doc.checks.map((c) => c.check).sort()).toEqual(['stream-fps', 'stream-p99']);
    expect(doc.models[0]!.figures.map((f) => f.name).sort()).toEqual(['stream-map50', 'stream-map50', 'stream-map50', 'stream-total-fps']);
    // The TX2 profile's stream budgets are the limits the verdicts were decided against.
    expect(doc.checks.find((c) => c.check === 'stream-fps')!.verdict!.limit!.value).toBe(14);
    expect(doc.checks.every((c) => c.status !== 'broken')).toBe(true);
  });
});
