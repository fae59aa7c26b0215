/**
 * Where a compiled sibling of a module lives. Worker threads, child processes and the programs an
 * emulated board runs need JavaScript; under vitest a module runs from `harness/src/**.ts`, so its
 * compiled siblings are found in `harness/dist` at the same relative place (`npm test` builds first).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfrastructureError } from '../errors.js';

/** The folder `harness/dist` (also when the caller runs from `harness/src`). */
export function harnessDistDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // This file is <root>/files/compiled-path.{ts,js}; <root> is src or dist.
  const root = path.dirname(here);
  return path.basename(root) === 'src' ? path.join(path.dirname(root), 'dist') : root;
}

/**
 * The compiled file `name` next to the module at `moduleUrl` (its `import.meta.url`), e.g.
 * `compiledSibling(import.meta.url, 'runner-worker.js')`. Throws HIL_NOT_BUILT when it is missing.
 */
export function compiledSibling(moduleUrl: string, name: string): string {
  const here = fileURLToPath(moduleUrl);
  const dist = harnessDistDir();
  const src = path.join(path.dirname(dist), 'src');
  const dir = path.dirname(here);
  const compiledDir = dir === src || dir.startsWith(src + path.sep) ? path.join(dist, path.relative(src, dir)) : dir;
  const file = path.join(compiledDir, name);
  if (!existsSync(file)) {
    throw new InfrastructureError('HIL_NOT_BUILT', `the compiled file ${file} is missing`, { where: file, hint: 'build hil first: npm run build (npm install and npm test do this)' });
  }
  return file;
}
