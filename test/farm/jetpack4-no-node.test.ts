/**
 * A JetPack 4 TX2 as it ships (glibc 2.27): Node 20 does not start there, so hil's agent cannot
 * measure its CPU. The emulated board is no more capable: its `node` fails with the loader's
 * message, `hil devices check` says so without quarantining the board, and `hil run` skips the
 * CPU target's checks as unsupported on the board, naming why, while the GPU target (trtexec)
 * still measures and decides (power, required on jetson2, included). An upgraded board runs Node.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardModelFor } from '../../harness/src/emulator/board-models.js';
import { nodeRuns } from '../../harness/src/emulator/board-model.js';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import { runHil, type TempProject } from '../support/temp-project.js';
import { reliabilityProject, type CheckJson } from '../reliability/reliability-project.js';

let farm: EmulatedFarm;
let project: TempProject;
beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 1 });
  project = reliabilityProject({ singleStream: true, config: '{ singleStream: { warmup: 1, minQueries: 10, minDurationMs: 300 } }' });
}, 120_000);
afterAll(async () => {
  project?.cleanup();
  await farm?.stop();
});

const onBoard = (command: string) => {
  const board = farm.boards[0]!;
  try {
    return { code: 0, out: execFileSync('ssh', ['-i', board.clientKeyFile, '-p', String(board.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', `${board.farmEntry().user}@127.0.0.1`, command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (error) {
    const e = error as { status: number; stderr: string };
    return { code: e.status, out: e.stderr };
  }
};

describe('a JetPack 4 board without Node 20', () => {
  it('which boards run Node 20: JetPack 5 and 6 do, JetPack 4 only when upgraded', () => {
    expect(nodeRuns(boardModelFor('jetson2'), {})).toBe(false);
    expect(nodeRuns(boardModelFor('jetson2'), { upgradedNode: true })).toBe(true);
    expect(nodeRuns(boardModelFor('xavier-nx'), {})).toBe(true);
    expect(nodeRuns(boardModelFor('orin-nano'), {})).toBe(true);
  });

  it("the board's node fails as a real TX2's would; its ldd says glibc 2.27", () => {
    const node = onBoard('node --version');
    expect(node.code).toBe(1);
    expect(node.out.trim()).toBe("node: /lib/aarch64-linux-gnu/libc.so.6: version `GLIBC_2.28' not found (required by node)");
    expect(onBoard('ldd --version').out).toMatch(/^ldd \(Ubuntu GLIBC 2\.27-\S+\) 2\.27$/m);
  });

  it('hil run: the CPU checks are skipped as unsupported on the board, naming why; the GPU target measures and decides; exit 0', async () => {
    const result = await runHil(project.dir, ['run', '--device', 'jetson2', '--farm', farm.farmFile, '--json']);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const doc = JSON.parse(result.stdout) as { checks: Array<CheckJson & { required: boolean }>; planned: number; decided: number };
    expect(doc.decided).toBe(doc.planned);
    const cpu = doc.checks.filter((c) => c.target === 'cpu');
    const gpu = doc.checks.filter((c) => c.target === 'igpu');
    expect(cpu.map((c) => c.check).sort()).toEqual(['fps', 'latency-regression', 'map50', 'p99', 'power']);
    for (const c of cpu) {
      expect(c.status).toBe('skipped');
      expect(c.verdict?.message).toMatch(/^unsupported on tx2-01: hil's agent needs Node 20 \(glibc >= 2\.28\), which cannot run here: node: .*GLIBC_2\.28' not found .*; the board has ldd \(Ubuntu GLIBC 2\.27/);
    }
    // Power is required on jetson2: on the CPU target the board cannot run at all, so it stays
    // skipped there; on the GPU target it was measured and passed.
    expect(cpu.find((c) => c.check === 'power')).toMatchObject({ status: 'skipped', required: true });
    expect(gpu.find((c) => c.check === 'power')).toMatchObject({ status: 'passed', required: true });
    expect(gpu.find((c) => c.check === 'fps')?.status).toBe('passed');
    expect(farm.boards[0]!.agentStarts()).toBe(0);
  }, 240_000);
});
