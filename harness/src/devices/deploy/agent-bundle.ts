import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfrastructureError } from '../../errors.js';
import { createTarGz, type TarEntry } from './tar-writer.js';

export const AGENT_ENTRY = 'agent/agent-main.js';
export const SUMS_FILE = '.sha256sums';

export interface AgentBundle {
  /** Local .tar.gz, named by its sha256. */
  file: string;
  sha256: string;
  /** Files inside, relative to harness/dist. */
  files: string[];
  /** Packages the agent imports by name; the board's node_modules must hold them. */
  packages: string[];
}

/** harness/dist, also when this module runs from src under vitest. */
export function harnessDistDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, '..', '..');
  return path.basename(root) === 'src' ? path.join(path.dirname(root), 'dist') : root;
}

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

/**
 * The agent and every harness module it imports (the import closure of agent-main.js), packed
 * as a deterministic tarball: unchanged code gives the same hash, and is never sent twice.
 */
export function buildAgentBundle(distDir = harnessDistDir()): AgentBundle {
  const entry = path.join(distDir, AGENT_ENTRY);
  if (!existsSync(entry)) {
    throw new InfrastructureError('HIL_AGENT_NOT_BUILT', `the compiled agent ${entry} is missing`, { hint: 'run `npm run build`' });
  }
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
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
  const contents = files.map((f) => ({ path: f, content: readFileSync(path.join(distDir, f)) }));
  // Checked on the board (`sha256sum -c`) before every use: an unpacked agent could be altered.
  const sums = contents.map((c) => `${createHash('sha256').update(c.content).digest('hex')}  ${c.path}\n`).join('');
  const entries: TarEntry[] = [
    // Node 20 treats .js as CommonJS without this; the harness is ESM.
    { path: 'package.json', content: Buffer.from('{"type":"module","private":true}\n') },
    { path: SUMS_FILE, content: Buffer.from(sums) },
    ...contents,
  ];
  const archive = createTarGz(entries);
  const sha256 = createHash('sha256').update(archive).digest('hex');
  const dir = path.join(os.tmpdir(), 'hil-bundles');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `agent-${sha256}.tar.gz`);
  if (!existsSync(file)) {
    writeFileSync(`${file}.${process.pid}.tmp`, archive);
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
  return { file, sha256, files, packages: [...packages].sort() };
}
