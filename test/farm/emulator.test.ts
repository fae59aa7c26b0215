/**
 * The emulated Jetson itself: fake NVIDIA tools behave like the real ones (sudo for changes, power
 * following the board's own load), fault injection reaches the health check and the quarantine,
 * and `hil emulate` / `hil devices` work as a user runs them.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBoardHealth } from '../../harness/src/devices/health-check.js';
import { parseTegrastatsLine } from '../../harness/src/devices/power/tegrastats-parse.js';
import { tegrastatsTotalPower } from '../../harness/src/devices/power/tegrastats-log.js';
import { clocksAtMax } from '../../harness/src/devices/probes/clocks-at-max.js';
import { parseJetsonClocksShow } from '../../harness/src/devices/probes/jetson-clocks-parse.js';
import { Quarantine } from '../../harness/src/devices/quarantine.js';
import { isAlive } from '../../harness/src/emulator/process-tree.js';
import { InfrastructureError } from '../../harness/src/errors.js';
import { ROOT, startTestFarm, type TestFarm } from './farm-fixture.js';

const run = promisify(execFile);
const HIL = path.join(ROOT, 'harness/dist/cli/main.js');
let t: TestFarm;
beforeAll(async () => {
  t = await startTestFarm(2);
});
afterAll(async () => t?.stop());

const sh = (board: ReturnType<TestFarm['open']>, script: string, timeoutMs = 20_000) => board.transport.exec(['sh', '-c', script], { stage: 'test', timeoutMs });

function meanInputMw(stdout: string): number {
  const watts = stdout.split('\n').map(parseTegrastatsLine).filter((s) => s !== null).map((s) => tegrastatsTotalPower(s!)!.mW);
  expect(watts.length).toBeGreaterThanOrEqual(3);
  return watts.reduce((a, b) => a + b, 0) / watts.length;
}

describe('emulated Jetson TX2', () => {
  it('power follows the board\'s own CPU load', async () => {
    const board = t.open('tx2-01');
    const idle = meanInputMw((await sh(board, 'timeout 2.5 tegrastats --interval 250; true')).stdout);
    const busy = meanInputMw((await sh(board, '(timeout 4 sh -c "while :; do :; done" &); sleep 0.5; timeout 2.5 tegrastats --interval 250; true')).stdout);
    expect(busy).toBeGreaterThan(idle + 100);
  });

  it('nvpmodel and jetson_clocks need root (passwordless sudo), and change what the board reports', async () => {
    const board = t.open('tx2-02');
    expect((await sh(board, 'nvpmodel -q')).stdout).toBe('NV Power Mode: MAXP_CORE_ARM\n3\n');
    const denied = await sh(board, 'nvpmodel -m 0');
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toContain('NVPM ERROR');
    expect((await sh(board, 'jetson_clocks --show')).exitCode).toBe(1);
    const set = await sh(board, 'sudo -n nvpmodel -m 0 && sudo -n jetson_clocks && sudo -n jetson_clocks --show');
    expect(set.exitCode).toBe(0);
    const clocks = parseJetsonClocksShow(set.stdout)!;
    expect(clocks.powerMode).toBe('MAXN');
    expect(clocks.onlineCpus).toEqual([0, 1, 2, 3, 4, 5]);
    expect(clocksAtMax(clocks).atMax).toBe(true);
    t.emulated.boards[1]!.setState({ throttled: true });
    expect(clocksAtMax(parseJetsonClocksShow((await sh(board, 'sudo -n jetson_clocks --show')).stdout)!).atMax).toBe(false);
    t.emulated.boards[1]!.setState({ throttled: false, nvpmodel: 3, clocksMax: false });
  });

  it('the fake root holds the L4T release and moving INA3221 readings', async () => {
    const board = t.open('tx2-02');
    const r = await sh(board, 'cat "$HIL_SYSROOT/etc/nv_tegra_release"; cat "$HIL_SYSROOT/sys/bus/i2c/drivers/ina3221x/0-0041/iio:device1/rail_name_0" "$HIL_SYSROOT/sys/bus/i2c/drivers/ina3221x/0-0041/iio:device1/in_power0_input"');
    const [release, rail, mw] = r.stdout.trim().split('\n');
    expect(release).toMatch(/^# R32 \(release\), REVISION: 7\.1/);
    expect(rail).toBe('VDD_IN');
    expect(Number(mw)).toBeGreaterThan(1000);
  });

  it('a missing tegrastats fails the health check; the board is quarantined with that first cause', async () => {
    const board = t.open('tx2-01');
    const quarantine = new Quarantine();
    expect((await checkBoardHealth(board, { quarantine })).ok).toBe(true);
    t.emulated.boards[0]!.setState({ tegrastats: 'missing' });
    try {
      const report = await checkBoardHealth(board, { quarantine });
      expect(report.ok).toBe(false);
      expect(report.failure?.message).toBe('health check of tx2-01 failed: tool:tegrastats: tegrastats not found on PATH');
      expect(() => quarantine.check('tx2-01')).toThrow(/^tx2-01 is quarantined for the rest of this run: health check of tx2-01 failed: tool:tegrastats/);
      expect(() => quarantine.check('tx2-02')).not.toThrow();
    } finally {
      t.emulated.boards[0]!.setState({ tegrastats: 'normal' });
    }
    // The latch holds the first cause for the rest of the run, even once the board is fixed.
    expect((await checkBoardHealth(board, { quarantine })).ok).toBe(true);
    expect(() => quarantine.check('tx2-01')).toThrow(/tool:tegrastats/);
  });
  it.skipIf(process.getuid?.() !== 0)('a full disk fails the health check and a deploy, as infrastructure, with nothing half-written in the cache', async () => {
    const emulated = t.emulated.boards[1]!;
    expect(emulated.setDiskLimit(1)).toBe(true);
    try {
      const board = t.open('tx2-02');
      const report = await checkBoardHealth(board, { quarantine: new Quarantine() });
      expect(report.checks.find((c) => c.name === 'disk')).toMatchObject({ ok: false, detail: expect.stringMatching(/^\d+ MB free, needs 500 MB$/) });
      const big = path.join(os.tmpdir(), `hil-disk-${process.pid}.bin`);
      const { writeFileSync, rmSync: rm } = await import('node:fs');
      writeFileSync(big, Buffer.alloc(4 * 1024 * 1024, 1));
      try {
        const { deployFiles, cacheDir } = await import('../../harness/src/devices/deploy/deploy-cache.js');
        const error = await deployFiles(board.transport, [big], { timeoutMs: 30_000 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InfrastructureError);
        expect((error as InfrastructureError).code, (error as Error).message).toBe('HIL_DISK_FULL');
        expect((error as Error).message).toMatch(/^deploy on tx2-02: the board's disk is full \(\d+ MB free in .*, 4 MB needed\)$/);
        // The partial upload was removed: the board is not left full because of hil. Listed on
        // this host (the emulated board's folder is local), so the check needs no remote shell.
        const cache = cacheDir(board.transport);
        expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
      } finally {
        rm(big, { force: true });
      }
    } finally {
      emulated.setDiskLimit(null);
    }
  });
});

describe('hil emulate and hil devices, as a user runs them', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hil-emulate-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts boards, lists them free and healthy, and stops every process on SIGTERM', async () => {
    const farmFile = path.join(dir, 'my farm.yaml');
    const emulate = spawn(process.execPath, [HIL, 'emulate', '--boards', '1', '--farm-out', farmFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    emulate.stdout.on('data', (d) => (out += d));
    emulate.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => emulate.once('exit', (code) => resolve(code)));
    while (!out.includes('stop with Ctrl-C')) {
      if (emulate.exitCode !== null) throw new Error(`hil emulate exited: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      expect(existsSync(farmFile)).toBe(true);
      expect(readFileSync(farmFile, 'utf8')).toMatch(/hostKey: ssh-ed25519 AAAA/);
      const sshdPid = Number(/sshd pid (\d+)/.exec(out)![1]);
      expect(isAlive(sshdPid)).toBe(true);
      const list = JSON.parse((await run(process.execPath, [HIL, 'devices', '--farm', farmFile, '--json'])).stdout) as { boards: { name: string; state: string; emulated: boolean }[] };
      // A fresh board's cache is empty, against the profile's budget.
      expect(list.boards).toEqual([expect.objectContaining({ name: 'tx2-01', state: 'free', emulated: true, cache: { usedMb: 0, maxMb: 4096 } })]);
      const table = (await run(process.execPath, [HIL, 'devices', '--farm', farmFile])).stdout;
      expect(table).toMatch(/^BOARD +TYPE +ADDRESS +CACHE +STATE\ntx2-01 +jetson2 \(emulated\) +\S+ +0\/4096 MB +free$/m);
      const check = JSON.parse((await run(process.execPath, [HIL, 'devices', 'check', 'tx2-01', '--farm', farmFile, '--json'])).stdout) as { ok: boolean }[];
      expect(check).toEqual([expect.objectContaining({ board: 'tx2-01', ok: true })]);
      emulate.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('emulated boards stopped');
      expect(isAlive(sshdPid)).toBe(false);
    } finally {
      // SIGTERM even on failure: the emulator then removes its own folder and boards.
      if (emulate.exitCode === null) {
        emulate.kill('SIGTERM');
        await exited;
      }
    }
  });

  it('bad input exits 3 with one message naming the file and field', async () => {
    const error = await run(process.execPath, [HIL, 'devices', '--farm', path.join(dir, 'missing.yaml')]).catch((e: { code: number; stderr: string }) => e);
    expect((error as { code: number }).code).toBe(3);
    expect((error as { stderr: string }).stderr).toMatch(/missing\.yaml: cannot be read \(no such file\)/);
    const wrongType = await run(process.execPath, [HIL, 'emulate', '--type', 'xavier-agx', '--boards', '1']).catch((e: { code: number; stderr: string }) => e);
    expect((wrongType as { code: number }).code).toBe(3);
    expect((wrongType as { stderr: string }).stderr).toContain('the emulator cannot play device type "xavier-agx"; it can play: jetson2, xavier-nx, orin-nano, drivepx2');
  });
});
