#!/usr/bin/env node
// Installs the Debian packages hil's tests need (a real sshd for the emulated boards, Chromium for
// the report check, a font for overlay labels) when they are missing and we may (root or `sudo -n`).
// Otherwise stops with the exact command to type. Nothing here downloads outside Debian's archive.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

const needed = [
  { pkg: 'openssh-server', file: '/usr/sbin/sshd', why: 'emulated Jetson boards' },
  { pkg: 'chromium', file: '/usr/bin/chromium', why: 'Allure report check in a real browser' },
  { pkg: 'fonts-dejavu-core', file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', why: 'labels on detection overlays' },
  { pkg: 'python3-numpy', file: '/usr/lib/python3/dist-packages/numpy/__init__.py', why: "the 5k COCO reference case's generator (shared/reference/map/gen_case.py)" },
];
const missing = needed.filter((n) => !existsSync(n.file));
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((m) => m.pkg);
const command = `apt-get update && apt-get install -y ${pkgs.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const canSudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
if (!isRoot && !canSudo) {
  process.stderr.write(
    `hil tests need: ${missing.map((m) => `${m.pkg} (${m.why})`).join(', ')}\n` +
      `Install them with:\n  sudo sh -c '${command}'\n`,
  );
  process.exit(3);
}
const prefix = isRoot ? [] : ['sudo', '-n'];
process.stderr.write(`installing ${pkgs.join(' ')} for the tests...\n`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const run = (args) => execFileSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), { stdio: 'inherit', env });
run(['apt-get', 'update', '-qq']);
run(['apt-get', 'install', '-y', '-qq', ...pkgs]);
