import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTarGz } from './tar-writer.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hil-tar-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('createTarGz', () => {
  const entries = [
    { path: 'package.json', content: Buffer.from('{"type":"module"}\n') },
    { path: 'agent/agent-main.js', content: Buffer.from('console.log(1)\n'), mode: 0o755 },
    { path: `${'deep/'.repeat(25)}file.js`, content: Buffer.alloc(1000, 7) },
  ];

  it('is byte-for-byte deterministic whatever the entry order', () => {
    expect(createTarGz(entries).equals(createTarGz([...entries].reverse()))).toBe(true);
  });

  it('is read back by GNU tar with the same contents and modes', () => {
    const archive = path.join(tmp, 'a.tar.gz');
    writeFileSync(archive, createTarGz(entries));
    const out = path.join(tmp, 'out');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-xzf', archive, '-C', out]);
    for (const e of entries) expect(readFileSync(path.join(out, e.path)).equals(e.content)).toBe(true);
    const listing = execFileSync('tar', ['-tvzf', archive], { encoding: 'utf8' });
    expect(listing).toMatch(/-rwxr-xr-x .* agent\/agent-main\.js/);
  });
});
