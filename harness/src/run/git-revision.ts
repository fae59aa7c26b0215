/**
 * Reads files as they were at a git revision (`--compare-to REF`): `git rev-parse` and `git show
 * REF:./path`, run in the project folder. The only git this tool runs; it never changes the tree.
 */
import { execFile } from 'node:child_process';
import { ConfigError } from '../errors.js';

function git(cwd: string, args: string[]): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-C', cwd, ...args], { encoding: 'buffer', maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new ConfigError('HIL_GIT_MISSING', '--compare-to needs git, which is not installed here', { where: '--compare-to', hint: 'install git (apt-get install git)' }));
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr: stderr.toString('utf8') });
    });
  });
}

/** The commit REF names, or a config error saying why not (no repository, unknown revision). */
export async function resolveRevision(cwd: string, ref: string): Promise<string> {
  const r = await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (r.code !== 0) {
    const inside = await git(cwd, ['rev-parse', '--is-inside-work-tree']);
    if (inside.code !== 0) throw new ConfigError('HIL_COMPARE_NO_GIT', `--compare-to ${ref}: ${cwd} is not in a git repository`, { where: '--compare-to' });
    throw new ConfigError('HIL_COMPARE_REF', `--compare-to ${ref}: no such commit in this repository`, {
      where: '--compare-to',
      hint: 'in CI, fetch the base branch first (actions/checkout with fetch-depth: 0)',
    });
  }
  return r.stdout.toString('utf8').trim();
}

/** A file's bytes at `commit` (path relative to `cwd`), or null when it did not exist there. */
export async function fileAtRevision(cwd: string, commit: string, relativePath: string): Promise<Buffer | null> {
  const r = await git(cwd, ['show', `${commit}:./${relativePath.split('\\').join('/')}`]);
  return r.code === 0 ? r.stdout : null;
}
