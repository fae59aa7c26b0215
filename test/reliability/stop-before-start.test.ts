/**
 * A stop that reaches the board before the command's shell has written its pidfile (a short
 * stage timeout on a loaded board) must still stop it: the stop leaves a marker the command's
 * shell honours. Plain local shells, the same scripts hil sends over SSH.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killByPidfileScript, wrapWithPidfile } from '../../harness/src/transport/remote-command.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hil-stop-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sh(line: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('sh', ['-c', line], (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }));
    child.stdin?.end();
  });
}

describe('stopping a remote command by pidfile', () => {
  it('a stop before the command started leaves a marker; the command then never runs', async () => {
    const runDir = path.join(dir, 'first', 'run');
    const pidFile = path.join(runDir, 'a.pid');
    const touched = path.join(dir, 'first', 'ran');
    // The run folder does not even exist yet: the stop makes it, as the command would.
    expect((await sh(killByPidfileScript(pidFile))).code).toBe(0);
    const late = await sh(wrapWithPidfile(['sh', '-c', 'touch "$1"', 'sh', touched], { pidFile }));
    expect(late.code).toBe(143);
    expect(existsSync(touched)).toBe(false);
    // Nothing is left behind by either side.
    expect(readdirSync(runDir)).toEqual([]);
  });

  it('a stop while the pidfile is being written (still empty) keeps its marker for the command', async () => {
    const runDir = path.join(dir, 'second', 'run');
    mkdirSync(runDir, { recursive: true });
    const pidFile = path.join(runDir, 'b.pid');
    writeFileSync(pidFile, '');
    expect((await sh(killByPidfileScript(pidFile))).code).toBe(0);
    const touched = path.join(dir, 'second', 'ran');
    expect((await sh(wrapWithPidfile(['sh', '-c', 'touch "$1"', 'sh', touched], { pidFile }))).code).toBe(143);
    expect(existsSync(touched)).toBe(false);
  });

  it('without a stop the command runs as before, and a later stop cleans up both files', async () => {
    const runDir = path.join(dir, 'third', 'run');
    const pidFile = path.join(runDir, 'c.pid');
    const touched = path.join(dir, 'third', 'ran');
    expect((await sh(wrapWithPidfile(['sh', '-c', 'touch "$1"', 'sh', touched], { pidFile }))).code).toBe(0);
    expect(existsSync(touched)).toBe(true);
    expect((await sh(killByPidfileScript(pidFile))).code).toBe(0);
    expect(readdirSync(runDir)).toEqual([]);
  });
});
