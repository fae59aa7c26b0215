/**
 * What an emulated board has installed, in a folder of its own: the fake NVIDIA tools (hil's
 * compiled emulator modules), onnxruntime-node for its fake trtexec and for hil's agent, and a
 * node binary where the host's cannot be reached by the board's user. A real board reads nothing
 * from the project that drives it; neither does an emulated one: a clone in a private (0700)
 * folder, as `/root`, Debian 12 home folders and `mktemp -d` are, must work.
 *
 * onnxruntime's files are hard-linked from the host where the filesystem allows (no copy of 45 MB
 * per farm; npm replaces package files, it never rewrites them in place), else copied; hil's own
 * compiled files are copied (a rebuild rewrites them in place, and a board's software does not
 * change under it). Everything is made readable by everyone.
 */
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { importClosure } from '../devices/deploy/import-closure.js';
import { InfrastructureError } from '../errors.js';
import { harnessDistDir } from '../files/compiled-path.js';

/** The programs the fake tools run (relative to harness/dist). */
export const TOOL_ENTRIES = ['emulator/fake-tegrastats-main.js', 'emulator/fake-jetson-tool-main.js', 'emulator/fake-trtexec-main.js', 'emulator/fake-nvidia-smi-main.js', 'emulator/skewed-clock.js'] as const;
export type ToolEntry = (typeof TOOL_ENTRIES)[number];

export interface BoardImage {
  dir: string;
  /** The node binary the board's programs run with. */
  node: string;
  /** node_modules holding onnxruntime-node. */
  nodeModules: string;
  /** Absolute path of a fake tool's entry inside the image. */
  tool(entry: ToolEntry): string;
}

/** Whether a user other than the owner can reach and read `file` (every folder above it searchable). */
export function readableByOthers(file: string): boolean {
  let dir = path.dirname(path.resolve(file));
  try {
    if ((statSync(file).mode & 0o005) !== 0o005) return false;
    for (;;) {
      if ((statSync(dir).mode & 0o001) === 0) return false;
      const parent = path.dirname(dir);
      if (parent === dir) return true;
      dir = parent;
    }
  } catch {
    return false;
  }
}

function place(from: string, to: string, link = true): void {
  mkdirSync(path.dirname(to), { recursive: true });
  const mode = statSync(from).mode;
  // A hard link shares the source's inode and mode: link only what everyone may read already,
  // copy the rest and open up the copy (never the user's own file).
  if (link && (mode & 0o004) !== 0) {
    try {
      linkSync(from, to);
      return;
    } catch {
      // another filesystem: copy
    }
  }
  copyFileSync(from, to);
  chmodSync(to, (mode & 0o111) !== 0 ? 0o755 : 0o644);
}

/** Folders searchable by everyone, whatever the umask made them. */
function openFolders(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) openFolders(full);
  }
}

function placeTree(from: string, to: string, keep: (rel: string) => boolean = () => true, rel = ''): void {
  for (const name of readdirSync(path.join(from, rel))) {
    const r = rel ? `${rel}/${name}` : name;
    if (!keep(r)) continue;
    const source = path.join(from, r);
    if (statSync(source).isDirectory()) placeTree(from, to, keep, r);
    else place(source, path.join(to, r));
  }
}

/** The folder of package `name`, resolved from `from` (a file), found above its main entry (its exports may hide package.json). */
function packageDir(name: string, from: string = import.meta.url): string {
  let entry: string;
  try {
    entry = createRequire(from).resolve(name);
  } catch (cause) {
    throw new InfrastructureError('HIL_EMULATOR_IMAGE', `emulated boards need ${name}, which is not installed here`, { cause, hint: 'npm install' });
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
  }
  throw new InfrastructureError('HIL_EMULATOR_IMAGE', `cannot find the package folder of ${name} (resolved to ${entry})`);
}

/** A package and, recursively, its runtime dependencies (type-only `@types/*` packages skipped). */
function placeWithDependencies(name: string, nodeModules: string, placed: Set<string>, from: string = import.meta.url): void {
  if (placed.has(name) || name.startsWith('@types/')) return;
  placed.add(name);
  const dir = packageDir(name, from);
  placeTree(dir, path.join(nodeModules, name), (r) => r !== 'node_modules' && !r.startsWith('node_modules/'));
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) placeWithDependencies(dependency, nodeModules, placed, path.join(dir, 'package.json'));
}

/** Builds the image in `dir` (a folder the board's user can reach). Idempotent for one farm. */
export function buildBoardImage(dir: string): BoardImage {
  const dist = harnessDistDir();
  const { files } = importClosure(dist, TOOL_ENTRIES);
  const hil = path.join(dir, 'hil');
  for (const f of files) place(path.join(dist, f), path.join(hil, f), false);
  // Node 20 treats .js as CommonJS without this; the harness is ESM.
  writeFileSync(path.join(hil, 'package.json'), '{"type":"module","private":true}\n', { mode: 0o644 });

  const nodeModules = path.join(dir, 'node_modules');
  const ort = packageDir('onnxruntime-node');
  const binaries = `bin/napi-v6/${process.platform}/${process.arch}`;
  // Only this platform's binaries: the package carries every OS's (288 MB in all).
  placeTree(ort, path.join(nodeModules, 'onnxruntime-node'), (r) => r === 'package.json' || r === 'dist' || r.startsWith('dist/') || binaries.startsWith(r) || r.startsWith(`${binaries}/`));
  placeTree(packageDir('onnxruntime-common', path.join(ort, 'package.json')), path.join(nodeModules, 'onnxruntime-common'));
  // The fake trtexec reads ONNX files (INT8 builds rewrite them): protobufjs and what it needs at run time.
  placeWithDependencies('protobufjs', nodeModules, new Set());

  let node = process.execPath;
  if (!readableByOthers(node)) {
    node = path.join(dir, 'bin', 'node');
    if (!existsSync(node)) place(process.execPath, node);
  }
  openFolders(dir);
  return { dir, node, nodeModules, tool: (entry) => path.join(hil, entry) };
}
