/**
 * The SSH transport against emulated boards over real SSH: pinned host keys, quoting of hostile
 * names, timeouts and aborts that stop the remote process, dropped links as infrastructure errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfrastructureError } from '../../harness/src/errors.js';
import { TransportError } from '../../harness/src/transport/transport-errors.js';
import { startTestFarm, type TestFarm } from './farm-fixture.js';

const NASTY = ['with space', "quote'single", 'quote"double', 'semi;colon', '$(touch pwned)', '`touch pwned2`', 'new\nline', '*', '-rf', 'ünï $HOME'];

let t: TestFarm;
const local = mkdtempSync(path.join(os.tmpdir(), 'hil-ssh-test-'));
beforeAll(async () => {
  t = await startTestFarm(2);
});
afterAll(async () => {
  await t?.stop();
  rmSync(local, { recursive: true, force: true });
});

async function stillRunning(board: ReturnType<TestFarm['open']>, marker: string): Promise<number> {
  const ps = await board.transport.exec(['sh', '-c', 'ps -eo args | grep -c -- "$1" ; true', 'sh', `[${marker[0]}]${marker.slice(1)}`], { stage: 'check', timeoutMs: 10_000 });
  return Number(ps.stdout.trim());
}

describe('SSH transport on emulated boards', () => {
  it('connects with the pinned host key and resolves the workdir', async () => {
    const board = t.open('tx2-01');
    await board.transport.connect();
    const r = await board.transport.exec(['sh', '-c', 'echo "$HIL_EMULATED:$HOME"'], { stage: 'test', timeoutMs: 10_000 });
    expect(r).toMatchObject({ board: 'tx2-01', exitCode: 0, signal: null, timedOut: false });
    expect(r.stdout.trim()).toBe(`1:${t.emulated.boards[0]!.home}`);
    expect(board.transport.workdir).toBe(t.emulated.boards[0]!.workdir);
  });

  it('refuses a board whose key differs from the pin, and an unpinned one unless accepted', async () => {
    const wrongPin = { ...t.farm.boards[0]!, hostKey: t.farm.boards[1]!.hostKey };
    const { openBoard } = await import('../../harness/src/devices/board.js');
    const impostor = openBoard({ kind: 'ssh', ...wrongPin }, t.profiles.get('jetson2')!);
    await expect(impostor.transport.connect()).rejects.toMatchObject({ code: 'HIL_HOST_KEY_MISMATCH' });
    const unpinned = openBoard({ kind: 'ssh', ...t.farm.boards[0]!, hostKey: undefined }, t.profiles.get('jetson2')!);
    await expect(unpinned.transport.connect()).rejects.toMatchObject({ code: 'HIL_HOST_KEY_UNKNOWN' });
    const seen: string[] = [];
    const accepted = openBoard({ kind: 'ssh', ...t.farm.boards[0]!, hostKey: undefined }, t.profiles.get('jetson2')!, {
      hostKeyPolicy: 'accept-new',
      onUnpinnedHostKey: (_board, line) => seen.push(line),
    });
    await accepted.transport.connect();
    expect(seen).toEqual([t.farm.boards[0]!.hostKey]);
    await accepted.transport.close();
  });

  it('refuses a board that was reinstalled with a new host key', async () => {
    const board = t.open('tx2-02');
    await board.transport.connect();
    await board.transport.close();
    await t.emulated.boards[1]!.rotateHostKey();
    const again = t.open('tx2-02');
    const error = await again.transport.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).code).toBe('HIL_HOST_KEY_MISMATCH');
    expect((error as Error).message).toMatch(/host key of tx2-02 \(127\.0\.0\.1:\d+\) changed/);
  });

  it('passes hostile arguments through byte for byte, with no shell injection', async () => {
    const board = t.open('tx2-01');
    const r = await board.transport.exec(['printf', '%s\\0', ...NASTY], { stage: 'test', timeoutMs: 10_000 });
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(NASTY);
    // Files with those names are created, uploaded to and listed in the workdir.
    const dir = path.posix.join(board.transport.workdir, 'nasty dir;$(x)');
    await board.transport.exec(['mkdir', '-p', dir], { stage: 'test', timeoutMs: 10_000 });
    for (const name of NASTY) {
      const file = path.join(local, name.replace(/\//g, '_'));
      writeFileSync(file, name);
      await board.transport.putFile(file, path.posix.join(dir, name), { stage: 'test', timeoutMs: 10_000 });
      const back = await board.transport.exec(['cat', '--', path.posix.join(dir, name)], { stage: 'test', timeoutMs: 10_000, cwd: dir });
      expect(back.stdout).toBe(name);
    }
    const listed = await board.transport.exec(['sh', '-c', 'cd "$1" && for f in *; do printf "%s\\0" "$f"; done', 'sh', dir], { stage: 'test', timeoutMs: 10_000 });
    expect(listed.stdout.split('\0').slice(0, -1).sort()).toEqual([...NASTY].sort());
    const pwned = await board.transport.exec(['sh', '-c', 'find ~ "$1" "$PWD" -maxdepth 1 -name "pwned*" | wc -l', 'sh', dir], { stage: 'test', timeoutMs: 10_000 });
    expect(pwned.stdout.trim()).toBe('0');
    // Environment values are quoted as well.
    const env = await board.transport.exec(['sh', '-c', 'printf %s "$X"'], { stage: 'test', timeoutMs: 10_000, env: { X: NASTY.join('|') } });
    expect(env.stdout).toBe(NASTY.join('|'));
  });

  it('keeps every remote write inside the workdir', async () => {
    const board = t.open('tx2-01');
    await board.transport.connect();
    const file = path.join(local, 'x');
    writeFileSync(file, 'x');
    await expect(board.transport.putFile(file, '/tmp/escape', { stage: 'deploy', timeoutMs: 5000 })).rejects.toMatchObject({ code: 'HIL_OUTSIDE_WORKDIR' });
    await expect(board.transport.putFile(file, `${board.transport.workdir}/../escape`, { stage: 'deploy', timeoutMs: 5000 })).rejects.toMatchObject({ code: 'HIL_OUTSIDE_WORKDIR' });
  });

  it('a non-zero exit is data; a timeout names board, stage and limit and kills the remote process', async () => {
    const board = t.open('tx2-01');
    const failed = await board.transport.exec(['sh', '-c', 'echo oops >&2; exit 7'], { stage: 'test', timeoutMs: 10_000 });
    expect(failed).toMatchObject({ exitCode: 7, stderr: 'oops\n', timedOut: false });
    const error = await board.transport.exec(['sh', '-c', 'sleep 301 & sleep 302'], { stage: 'measure', timeoutMs: 700 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toBe('measure on tx2-01 exceeded 700 ms');
    expect((error as TransportError).result?.timedOut).toBe(true);
    expect(await stillRunning(board, 'sleep 30[12]')).toBe(0);
  });

  it('an abort stops the remote process too', async () => {
    const board = t.open('tx2-01');
    const controller = new AbortController();
    const pending = board.transport.exec(['sleep', '303'], { stage: 'measure', timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('test cancelled')), 500);
    await expect(pending).rejects.toMatchObject({ code: 'HIL_ABORTED' });
    expect(await stillRunning(board, 'sleep 303')).toBe(0);
  });

  it('a dropped connection is an infrastructure error, not an exit code; the next call reconnects', async () => {
    const board = t.open('tx2-01');
    await board.transport.connect();
    const pending = board.transport.exec(['sleep', '30'], { stage: 'measure', timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 500));
    t.emulated.boards[0]!.sshd.dropConnections();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).code).toBe('HIL_CONNECTION_LOST');
    expect((error as Error).message).toContain('measure on tx2-01: connection to the board was lost');
    const again = await board.transport.exec(['true'], { stage: 'test', timeoutMs: 10_000 });
    expect(again.exitCode).toBe(0);
    expect(board.transport.stats.connects).toBe(2);
  });
});
