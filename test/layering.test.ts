import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderCycles, folderGraph, importsOfFile, layerViolations, parseLayering, sourceImports, type ImportEdge } from './support/import-layers.js';

// The layer order lives in docs/architecture.md (one place); this test holds the code to it.
const repo = path.resolve(import.meta.dirname, '..');
const root = path.join(repo, 'harness', 'src');
const layering = parseLayering(readFileSync(path.join(repo, 'docs', 'architecture.md'), 'utf8'));
const edges = sourceImports(root);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Package (bare) imports of a file, static and dynamic. */
function packageImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"./][^'"]*)['"]/g)].map((m) => m[1]!);
}

describe('layering', () => {
  it('every folder of harness/src is in a layer of docs/architecture.md', () => {
    const folders = readdirSync(root).filter((n) => statSync(path.join(root, n)).isDirectory());
    const known = new Set([...layering.layers.flat(), ...layering.leaves.keys()]);
    expect(folders.filter((f) => !known.has(f))).toEqual([]);
  });

  it('no import runs against the layer order (upward, between peers, or into the agent)', () => {
    expect(layerViolations(edges, layering)).toEqual([]);
  });

  it('fails on a planted upward import, naming the file and the import', () => {
    const planted: ImportEdge[] = importsOfFile(root, path.join(root, 'metrics', 'planted.ts'), "import { runSuites } from '../run/run-command.js';\n");
    expect(layerViolations([...edges, ...planted], layering)).toEqual([
      "metrics/planted.ts imports '../run/run-command.js': runs upward (metrics/ is layer 11, run/ layer 2)",
    ]);
    const peer = importsOfFile(root, path.join(root, 'sessions', 'planted.ts'), "import type { PlannedCheck } from '../plan/check-plan.js';");
    expect(layerViolations(peer, layering)).toEqual(["sessions/planted.ts imports '../plan/check-plan.js': sessions/ and plan/ are peers (one layer); peers do not import each other"]);
    const intoAgent = importsOfFile(root, path.join(root, 'sessions', 'planted.ts'), "import { runJob } from '../agent/run-job.js';");
    expect(layerViolations(intoAgent, layering)).toEqual(["sessions/planted.ts imports '../agent/run-job.js': agent/ is a program of its own; nothing imports it"]);
    // Imports inside comments are not imports.
    expect(importsOfFile(root, path.join(root, 'metrics', 'x.ts'), "// import { a } from '../run/run-command.js';\n/* import '../suite/fixtures.js' */")).toEqual([]);
  });

  it('the folder graph has no cycle', () => {
    const graph = folderGraph(edges);
    // The graph, top layer first, so a reader sees what depends on what.
    const order = [...layering.layers.flat(), ...layering.leaves.keys()];
    const lines = [...graph.entries()]
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([from, row]) => `${from} -> ${[...row.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(', ')}`);
    console.log(`harness/src folder graph:\n${lines.join('\n')}`);
    expect(lines.length).toBeGreaterThan(10);
    expect(folderCycles(graph)).toEqual([]);
    // The checker itself finds a cycle when there is one.
    expect(folderCycles(new Map([['a', new Map([['b', 1]])], ['b', new Map([['a', 1]])]]))).toEqual([['a', 'b']]);
  });

  it('harness/src/metrics imports no IO modules', () => {
    const io = /^(node:)?(fs|fs\/promises|net|child_process|http|https|worker_threads|dgram)$|^(node-ssh|ssh2|sharp|onnxruntime-node)$/;
    const offenders = sourceFiles(path.join(root, 'metrics')).flatMap((file) =>
      packageImports(file)
        .filter((spec) => io.test(spec))
        .map((spec) => `${path.relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('only Playwright glue imports Playwright: checks and sessions get a CheckContext', () => {
    const offenders = sourceFiles(root).flatMap((file) => {
      const rel = path.relative(root, file).split(path.sep).join('/');
      return packageImports(file)
        .filter((spec) => spec.startsWith('@playwright/') && !rel.startsWith('suite/'))
        .map((spec) => `${rel} imports ${spec}`);
    });
    expect(offenders).toEqual([]);
  });

  it('only transports, the emulator and named files spawn processes or open SSH connections', () => {
    // transport/: SSH and local commands; emulator/: the boards' own sshd and tools; the engine's
    // child-process isolation of onnxruntime, Playwright's launch, git for --compare-to, the report opener.
    const allowed = /^(transport|emulator)\/|^engine\/runner-host\.ts$|^run\/spawn-playwright\.ts$|^run\/git-revision\.ts$|^report\/open-report\.ts$/;
    const spawning = /^(node:)?child_process$|^node-ssh$|^ssh2$/;
    const offenders = sourceFiles(root).flatMap((file) => {
      const rel = path.relative(root, file).split(path.sep).join('/');
      return packageImports(file)
        .filter((spec) => spawning.test(spec) && !allowed.test(rel))
        .map((spec) => `${rel} imports ${spec}`);
    });
    expect(offenders).toEqual([]);
  });
});
