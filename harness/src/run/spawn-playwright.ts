import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface PlaywrightInvocation {
  rootDir: string;
  env: Record<string, string>;
  /** Where Playwright's own progress output goes (stderr when stdout carries --json). */
  progress: NodeJS.WritableStream;
  signal?: AbortSignal;
}

/**
 * Runs `playwright test` in a child process with the project's playwright.config.ts. The run's plan
 * selects the tests (per project, by tag; `--grep` and `--shard` are applied to the plan, so the gate
 * knows exactly which checks to expect); hil decides the outcome from its records and the plan.
 */
export async function spawnPlaywright(invocation: PlaywrightInvocation): Promise<{ exitCode: number | null; outputTail: string }> {
  const require = createRequire(path.join(invocation.rootDir, 'package.json'));
  const cli = require.resolve('@playwright/test/cli');
  const args = [cli, 'test', '--config', path.join(invocation.rootDir, 'playwright.config.ts')];
  const child = spawn(process.execPath, args, {
    cwd: invocation.rootDir,
    env: { ...process.env, ...invocation.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout.on('data', (chunk: Buffer) => {
    keep(chunk);
    invocation.progress.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    keep(chunk);
    process.stderr.write(chunk);
  });
  // Ctrl-C reaches the child through the process group; forward SIGTERM explicitly so fixtures
  // run their teardown (lease release) before we report.
  const forward = () => child.kill('SIGTERM');
  invocation.signal?.addEventListener('abort', forward, { once: true });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  invocation.signal?.removeEventListener('abort', forward);
  return { exitCode, outputTail: tail };
}
