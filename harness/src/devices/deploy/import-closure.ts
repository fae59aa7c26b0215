/**
 * The compiled harness modules a program needs: the import closure of its entry files inside
 * harness/dist, and the packages they import by name. Used to bundle the on-board agent and to
 * give an emulated board its own copy of the fake tools.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;

/** Relative and bare specifiers a compiled ES module imports (static and dynamic). */
export function importsOf(source: string): { relative: string[]; bare: string[] } {
  const relative: string[] = [];
  const bare: string[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const spec = match[2]!;
    if (spec.startsWith('./') || spec.startsWith('../')) relative.push(spec);
    else if (!spec.startsWith('node:')) bare.push(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
  }
  return { relative, bare };
}

/** Files (relative to distDir, `/`-separated, sorted) reachable from `entries`, and the packages they import. */
export function importClosure(distDir: string, entries: readonly string[]): { files: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((e) => path.join(distDir, e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const { relative, bare } = importsOf(readFileSync(file, 'utf8'));
    for (const b of bare) packages.add(b);
    for (const r of relative) {
      const target = path.resolve(path.dirname(file), r);
      if (!target.startsWith(distDir + path.sep)) continue;
      // A match inside a comment or string may name nothing: node reports real gaps at run time.
      if (!existsSync(target)) continue;
      queue.push(target);
    }
  }
  const files = [...seen].map((f) => path.relative(distDir, f).split(path.sep).join('/')).sort();
  return { files, packages: [...packages].sort() };
}
