import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Playwright-style dependency rules: metrics stay pure (no IO), so they can be tested and reused
// anywhere; only transports (and the emulator that owns its processes) may spawn or connect.
const root = path.resolve(import.meta.dirname, '..', 'harness', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('layering', () => {
  it('harness/src/metrics imports no IO modules', () => {
    const io = /^(node:)?(fs|fs\/promises|net|child_process|http|https|worker_threads|dgram)$|^(node-ssh|ssh2|sharp|onnxruntime-node)$/;
    const offenders = sourceFiles(path.join(root, 'metrics')).flatMap((file) =>
      imports(file)
        .filter((spec) => io.test(spec))
        .map((spec) => `${path.relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('only transports, runners and the emulator spawn processes or open SSH connections', () => {
    // transport/: SSH and local commands; emulator/: the boards' own sshd and tools; the runner
    // host (a child-process isolation of onnxruntime), Playwright's launch, and the report opener.
    const allowed = /^(transport|emulator)\/|^inference\/runner-host\.ts$|^run\/spawn-playwright\.ts$|^report\/open-report\.ts$/;
    const spawning = /^(node:)?child_process$|^node-ssh$|^ssh2$/;
    const offenders = sourceFiles(root).flatMap((file) => {
      const rel = path.relative(root, file);
      return imports(file)
        .filter((spec) => spawning.test(spec) && !allowed.test(rel))
        .map((spec) => `${rel} imports ${spec}`);
    });
    expect(offenders).toEqual([]);
  });
});
