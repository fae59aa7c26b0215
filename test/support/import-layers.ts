/**
 * The import rules of harness/src, read from docs/architecture.md (the one place the layer order
 * is written down) and checked against the code's own imports. Pure apart from reading files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Layering {
  /** Top to bottom; folders on one line are peers and may not import each other. */
  layers: string[][];
  /** Programs of their own: they may import the listed folders and nobody may import them. */
  leaves: Map<string, string[]>;
  /** Files allowed to import anything (the public API). */
  anywhere: string[];
}

export interface ImportEdge {
  /** File, relative to the source root (`run/run-command.ts`). */
  file: string;
  /** The specifier as written. */
  spec: string;
  /** The imported file, relative to the source root. */
  target: string;
}

/** The unit of layering: a top-level folder, or the file's name for files at the root. */
export function unitOf(relativeFile: string): string {
  const parts = relativeFile.split('/');
  return parts.length === 1 ? parts[0]!.replace(/\.[cm]?[jt]s$/, '') : parts[0]!;
}

/** Reads the `layers` block of docs/architecture.md (between its begin and end markers). */
export function parseLayering(markdown: string): Layering {
  const block = /<!-- layers:begin -->([\s\S]*?)<!-- layers:end -->/.exec(markdown)?.[1];
  if (!block) throw new Error('docs/architecture.md has no <!-- layers:begin --> ... <!-- layers:end --> block');
  const layers: string[][] = [];
  const leaves = new Map<string, string[]>();
  const anywhere: string[] = [];
  for (const raw of block.split('\n')) {
    const line = raw.replace(/^\s*```\w*\s*$/, '').trim();
    if (!line || line.startsWith('#')) continue;
    const leaf = /^leaf\s+(\S+)\s*->\s*(.+)$/.exec(line);
    const any = /^anywhere\s+(.+)$/.exec(line);
    if (leaf) leaves.set(leaf[1]!, leaf[2]!.split(/[\s,]+/).filter(Boolean));
    else if (any) anywhere.push(...any[1]!.split(/[\s,]+/).filter(Boolean));
    else layers.push(line.split(/[\s,]+/).filter(Boolean));
  }
  return { layers, leaves, anywhere };
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bexport\s+\*\s+from\s*)(['"])(\.{1,2}\/[^'"\n]+)\1/g;

/** Every relative import of every non-test source file below `root`. */
export function sourceImports(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) edges.push(...importsOfFile(root, full, readFileSync(full, 'utf8')));
    }
  };
  walk(root);
  return edges;
}

export function importsOfFile(root: string, file: string, text: string): ImportEdge[] {
  // Comments may quote import-like text; drop them first.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const rel = path.relative(root, file).split(path.sep).join('/');
  return [...code.matchAll(IMPORT)].map((m) => {
    const target = path.relative(root, path.resolve(path.dirname(file), m[2]!)).split(path.sep).join('/').replace(/\.js$/, '.ts');
    return { file: rel, spec: m[2]!, target };
  });
}

/** One line per import that runs against the layer order: the file, the import, the rule. */
export function layerViolations(edges: readonly ImportEdge[], layering: Layering): string[] {
  const level = new Map<string, number>();
  layering.layers.forEach((folders, i) => folders.forEach((f) => level.set(f, i)));
  const out: string[] = [];
  for (const e of edges) {
    const from = unitOf(e.file);
    const to = unitOf(e.target);
    if (from === to || layering.anywhere.includes(e.file)) continue;
    const where = `${e.file} imports '${e.spec}'`;
    if (layering.leaves.has(to)) {
      out.push(`${where}: ${to}/ is a program of its own; nothing imports it`);
      continue;
    }
    if (layering.leaves.has(from)) {
      if (!layering.leaves.get(from)!.includes(to)) out.push(`${where}: ${from}/ may import only ${layering.leaves.get(from)!.join(', ')}`);
      continue;
    }
    const a = level.get(from);
    const b = level.get(to);
    if (a === undefined) out.push(`${where}: ${from}/ is in no layer of docs/architecture.md`);
    else if (b === undefined) out.push(`${where}: ${to}/ is in no layer of docs/architecture.md`);
    else if (a === b) out.push(`${where}: ${from}/ and ${to}/ are peers (one layer); peers do not import each other`);
    else if (b < a) out.push(`${where}: runs upward (${from}/ is layer ${a + 1}, ${to}/ layer ${b + 1})`);
  }
  return out;
}

/** Folder-level graph: `from -> to` with the number of imports. */
export function folderGraph(edges: readonly ImportEdge[]): Map<string, Map<string, number>> {
  const graph = new Map<string, Map<string, number>>();
  for (const e of edges) {
    const from = unitOf(e.file);
    const to = unitOf(e.target);
    if (from === to) continue;
    const row = graph.get(from) ?? new Map<string, number>();
    row.set(to, (row.get(to) ?? 0) + 1);
    graph.set(from, row);
  }
  return graph;
}

/** Every cycle of the folder graph, each as a path that returns to its start (Tarjan's SCCs). */
export function folderCycles(graph: Map<string, Map<string, number>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap((r) => [...r.keys()])]);
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.reverse());
    }
  };
  for (const v of [...nodes].sort()) if (!index.has(v)) visit(v);
  return out;
}
