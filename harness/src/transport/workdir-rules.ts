import path from 'node:path';

/**
 * Folders hil must never take as its `workdir`: it writes there and prunes its cache there, so a
 * workdir that is also the home folder, the root or a system folder would put other people's files
 * at risk. A folder of its own inside any of them (`~/.hil`, `/opt/hil`, `/var/lib/hil`) is fine.
 */
const SYSTEM_FOLDERS = new Set([
  '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib32', '/lib64', '/libx32', '/lost+found', '/media', '/mnt', '/opt', '/proc', '/root',
  '/run', '/sbin', '/snap', '/srv', '/sys', '/tmp', '/usr', '/var', '/Users',
]);
/** Whose direct children are system folders too (`/usr/local`, `/var/lib`, `/var/lock`). */
const SYSTEM_PARENTS = new Set(['/usr', '/var', '/run']);
/** Kernel filesystems: nothing inside them is a place for files. */
const PSEUDO = ['/proc', '/sys', '/dev'];
/** Where the board's lease lives (lease-script.ts): never a cache. */
const LEASE_DIR = '/var/lock/hil';

/** Why `workdir` (as written in an inventory: absolute or `~/...`) is unsafe, or null. */
export function unsafeWorkdirReason(workdir: string): string | null {
  if (workdir === '~' || /^~\/*$/.test(workdir) || /^~\/+\.?\/*$/.test(workdir)) return 'is the home folder itself; use a folder of its own such as ~/.hil';
  if (!workdir.startsWith('/')) return null;
  const normal = path.posix.normalize(workdir).replace(/\/+$/, '') || '/';
  if (normal === '/') return 'is the root folder; use a folder of its own such as ~/.hil';
  if (/^\/(home|Users)\/[^/]+$/.test(normal) || normal === '/root') return 'is a home folder itself; use a folder of its own such as ~/.hil';
  if (SYSTEM_FOLDERS.has(normal) || SYSTEM_PARENTS.has(path.posix.dirname(normal))) return `is a system folder (${normal}); use a folder of its own such as ~/.hil or /opt/hil`;
  if (PSEUDO.some((p) => normal.startsWith(`${p}/`))) return `lies in a kernel filesystem (${normal.split('/').slice(0, 2).join('/')})`;
  if (normal === LEASE_DIR || normal.startsWith(`${LEASE_DIR}/`) || normal === '/run/lock/hil' || normal.startsWith('/run/lock/hil/')) return `is hil's lease folder (${LEASE_DIR}); use a folder of its own such as ~/.hil`;
  return null;
}

/** The workdir resolved on the board, checked against the login user's home. */
export function unsafeResolvedWorkdirReason(resolved: string, home: string): string | null {
  const normal = path.posix.normalize(resolved).replace(/\/+$/, '') || '/';
  const normalHome = path.posix.normalize(home).replace(/\/+$/, '') || '/';
  if (normal === normalHome) return `is the login user's home folder (${normalHome}); use a folder of its own such as ~/.hil`;
  return unsafeWorkdirReason(normal);
}
