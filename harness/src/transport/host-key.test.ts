import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprint, formatHostKey, parseHostKey } from './host-key.js';
import { decideHostKey } from './host-key-policy.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hil-hostkey-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function newKey(name: string): { line: string; blob: Buffer; sshKeygenFingerprint: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  const line = readFileSync(`${file}.pub`, 'utf8').trim();
  const parsed = parseHostKey(line);
  if (typeof parsed === 'string') throw new Error(parsed);
  const sshKeygenFingerprint = execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1]!;
  return { line, blob: parsed.blob, sshKeygenFingerprint };
}

describe('host keys', () => {
  const a = newKey('a');
  const b = newKey('b');

  it('parses an OpenSSH public key line and fingerprints it as ssh-keygen does', () => {
    expect(fingerprint(a.blob)).toBe(a.sshKeygenFingerprint);
    expect(formatHostKey(a.blob)).toBe(a.line.split(' ').slice(0, 2).join(' '));
  });

  it('explains what is wrong with a bad pin', () => {
    expect(parseHostKey('AAAA')).toMatch(/expected "<type> <base64 key>"/);
    expect(parseHostKey('ssh-dss AAAAB3')).toMatch(/unsupported key type "ssh-dss"/);
    expect(parseHostKey(`ssh-rsa ${a.line.split(' ')[1]}`)).toMatch(/does not hold a ssh-rsa key/);
    expect(parseHostKey('ssh-ed25519 not*base64')).toMatch(/not valid base64/);
  });

  it('accepts the pinned key only', () => {
    expect(decideHostKey('tx2-01', 'h:22', a.line, a.blob, 'pinned')).toEqual({ accept: true });
    const changed = decideHostKey('tx2-01', 'h:22', a.line, b.blob, 'pinned');
    expect(changed.accept).toBe(false);
    expect(changed.error?.code).toBe('HIL_HOST_KEY_MISMATCH');
    expect(changed.error?.message).toContain(a.sshKeygenFingerprint);
    expect(changed.error?.message).toContain(b.sshKeygenFingerprint);
  });

  it('refuses an unpinned board unless explicitly accepted, and reports the key to pin', () => {
    const refused = decideHostKey('tx2-01', 'h:22', undefined, a.blob, 'pinned');
    expect(refused.error?.code).toBe('HIL_HOST_KEY_UNKNOWN');
    expect(refused.error?.hint).toContain(formatHostKey(a.blob));
    expect(decideHostKey('tx2-01', 'h:22', undefined, a.blob, 'accept-new')).toEqual({ accept: true, unpinnedKey: formatHostKey(a.blob) });
    // accept-new does not cover a changed key; only accept-any does.
    expect(decideHostKey('tx2-01', 'h:22', a.line, b.blob, 'accept-new').accept).toBe(false);
    expect(decideHostKey('tx2-01', 'h:22', a.line, b.blob, 'accept-any').accept).toBe(true);
  });
});
