import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalTransport } from './local-transport.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hil-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const transport = new LocalTransport({ workdir: path.join(dir, 'work') });

function running(pattern: string): number {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

describe('LocalTransport', () => {
  it('runs argv without a shell and returns the one result shape', async () => {
    await transport.connect();
    const r = await transport.exec(['printf', '%s', '$(id); `x` "q"'], { stage: 'test', timeoutMs: 10_000 });
    expect(r).toMatchObject({ board: 'local', exitCode: 0, signal: null, timedOut: false, stdout: '$(id); `x` "q"', stderr: '' });
    const failed = await transport.exec(['sh', '-c', 'exit 4'], { stage: 'test', timeoutMs: 10_000 });
    expect(failed.exitCode).toBe(4);
  });

  it('a timeout names board, stage and limit and stops the whole process group', async () => {
    const marker = `sleep 31${process.pid % 10}7`;
    const error = await transport.exec(['sh', '-c', `${marker} & ${marker}`], { stage: 'measure', timeoutMs: 300 }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('measure on local exceeded 300 ms');
    await new Promise((r) => setTimeout(r, 300));
    expect(running(marker)).toBe(0);
  });

  it('an abort stops the command', async () => {
    const controller = new AbortController();
    const pending = transport.exec(['sleep', '30'], { stage: 'measure', timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ code: 'HIL_ABORTED' });
  });

  it('copies files in and out, inside its workdir only', async () => {
    const src = path.join(dir, 'src.txt');
    writeFileSync(src, 'hello');
    await transport.putFile(src, path.join(transport.workdir, 'a', 'b.txt'), { stage: 'deploy', timeoutMs: 1000 });
    expect(readFileSync(path.join(transport.workdir, 'a', 'b.txt'), 'utf8')).toBe('hello');
    expect(transport.stats.bytesSent).toBe(5);
    await expect(transport.putFile(src, path.join(dir, 'outside.txt'), { stage: 'deploy', timeoutMs: 1000 })).rejects.toMatchObject({ code: 'HIL_OUTSIDE_WORKDIR' });
  });
});
