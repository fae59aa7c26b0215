import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, ConfigIssuesError } from '../errors.js';
import { loadFarm } from './load-farm.js';
import { loadDeviceProfiles } from './load-profiles.js';
import { resolveDevice } from './resolve-device.js';

const profiles = loadDeviceProfiles(path.resolve(import.meta.dirname, '../../../devices'));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hil-farm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const KEY = path.join(tmp, 'id_test');
// A real private key: the farm loader parses identity files the way the SSH transport will.
execFileSync('ssh-keygen', ['-t', 'ed25519', '-N', '', '-q', '-C', 'hil-test', '-f', KEY]);
const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFImEL3o+PhCJqXwzQQ3YwfYtNr+WMW1kxgH46ACHDCI';

function farmFile(yaml: string): string {
  const file = path.join(mkdtempSync(path.join(tmp, 'f-')), 'farm.yaml');
  writeFileSync(file, yaml);
  return file;
}

const board = (name: string, extra = ''): string =>
  `  - name: ${JSON.stringify(name)}\n    type: jetson2\n    host: 10.0.0.1\n    user: nvidia\n    identityFile: ${KEY}\n    hostKey: ${HOST_KEY}\n${extra}`;

function issues(file: string): string[] {
  try {
    loadFarm(file, profiles);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigIssuesError);
    return (error as ConfigIssuesError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the farm to be rejected');
}

describe('farm inventory', () => {
  it('loads boards with defaults (port 22, workdir ~/.hil) and resolves the identity file', () => {
    const farm = loadFarm(farmFile(`boards:\n${board('tx2-01')}${board('tx2 "02"; $(x)')}`), profiles);
    expect(farm.boards.map((b) => b.name)).toEqual(['tx2-01', 'tx2 "02"; $(x)']);
    expect(farm.boards[0]).toMatchObject({ port: 22, workdir: '~/.hil', identityFile: KEY, emulated: false, tags: [] });
  });

  it('names the file and field of a missing or unreadable identity file', () => {
    const missing = path.join(tmp, 'nope');
    const found = issues(farmFile(`boards:\n${board('a').replace(KEY, missing)}`));
    expect(found).toEqual([`boards[0].identityFile: ${missing}: identity file not found`]);
    const notAKey = path.join(tmp, 'not-a-key');
    writeFileSync(notAKey, 'not really a key');
    expect(issues(farmFile(`boards:\n${board('a').replace(KEY, notAKey)}`))).toEqual([`boards[0].identityFile: ${notAKey}: not a usable private key (Unsupported key format)`]);
    expect(issues(farmFile(`boards:\n${board('a').replace(KEY, `${KEY}.pub`)}`))).toEqual([`boards[0].identityFile: ${KEY}.pub: holds a public key, not a private key`]);
    if (process.getuid?.() !== 0) {
      const locked = path.join(tmp, 'locked');
      writeFileSync(locked, 'x');
      chmodSync(locked, 0);
      expect(issues(farmFile(`boards:\n${board('a').replace(KEY, locked)}`))[0]).toContain('not readable');
    }
  });

  it('collects every problem: bad pin, duplicate name, unknown type, unknown key, bad port', () => {
    const yaml = `boards:\n${board('a').replace(HOST_KEY, 'ssh-ed25519 zzz')}${board('a', '    prot: 22\n')}${board('b').replace('jetson2', 'jetson3').replace('user: nvidia', 'user: nvidia\n    port: 70000')}`;
    const found = issues(farmFile(yaml));
    expect(found).toContain('boards[0].hostKey: the key data does not hold a ssh-ed25519 key, received "ssh-ed25519 zzz"');
    expect(found.some((l) => l.startsWith('boards[1].prot: unknown key (did you mean "port"?)'))).toBe(true);
    expect(found.some((l) => l.startsWith('boards[2].port: '))).toBe(true);
  });

  it('reports duplicates and unknown device types', () => {
    expect(issues(farmFile(`boards:\n${board('a')}${board('a')}`))).toEqual(['boards[1].name: duplicate board name "a" (also boards[0]), received "a"']);
    expect(issues(farmFile(`boards:\n${board('a').replace('jetson2', 'jetson3')}`))[0]).toBe(
      'boards[0].type: unknown device type "jetson3"; known types: drivepx2, jetson2, local, orin-nano, xavier-nx',
    );
  });
});

describe('resolveDevice', () => {
  const farm = loadFarm(farmFile(`boards:\n${board('tx2-01')}${board('tx2-02')}`), profiles);

  it('takes a device type (every board of it) or a board name', () => {
    expect(resolveDevice('jetson2', farm, profiles).boards.map((b) => b.name)).toEqual(['tx2-01', 'tx2-02']);
    const one = resolveDevice('tx2-02', farm, profiles);
    expect(one.profile.name).toBe('jetson2');
    expect(one.boards.map((b) => b.name)).toEqual(['tx2-02']);
    expect(resolveDevice('local', null, profiles).boards[0]).toMatchObject({ kind: 'local', name: 'local' });
  });

  it('names the unknown device and lists the known types and boards', () => {
    expect(() => resolveDevice('jetson9', farm, profiles)).toThrow(ConfigError);
    expect(() => resolveDevice('jetson9', farm, profiles)).toThrow(
      /unknown device or board "jetson9"; known types: drivepx2, jetson2, local, orin-nano, xavier-nx; boards in .*farm\.yaml: tx2-01, tx2-02/,
    );
    expect(() => resolveDevice('xavier-nx', farm, profiles)).toThrow(/no board of device type "xavier-nx"/);
    expect(() => resolveDevice('jetson2', null, profiles)).toThrow(/needs a farm inventory/);
  });
});
