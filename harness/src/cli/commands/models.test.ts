import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Black-box: the built bin, as a user runs it (`npm test` builds first).
const bin = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
const fixture = fileURLToPath(new URL('../../../../test/fixtures/onnx/cnn-mix.onnx', import.meta.url));

function hil(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('hil models inspect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hil-models-'));

  it('--json prints the documented object for a file', () => {
    const { code, stdout } = hil('models', 'inspect', fixture, '--json');
    expect(code).toBe(0);
    const [model, ...rest] = JSON.parse(stdout).models;
    expect(rest).toEqual([]);
    expect(model).toMatchObject({ name: 'cnn-mix', file: fixture, params: 1518, macs: 62250, opset: 13 });
    expect(model.nodes).toBeGreaterThanOrEqual(model.layers.length);
    expect(model.layers).toHaveLength(6);
  });

  it('inspects every model of a manifest when no model is named, and prints a table', () => {
    const manifest = join(dir, 'manifest.yaml');
    writeFileSync(manifest, `models:\n  - name: mix\n    file: ${fixture}\n  - name: mix-again\n    file: ${fixture}\n`);
    const { code, stdout } = hil('models', 'inspect', '--manifest', manifest);
    expect(code).toBe(0);
    // A comparison table first (one row per model), then one block per model.
    expect(stdout).toMatch(/^model +MACs +params +nodes +size MB\nmix +62\.25 KMACs +1,518 +\d+ +\d+\.\d{3}\nmix-again /);
    expect(stdout).toMatch(/\n\nmix {2}\(/);
    expect(stdout).toMatch(/\nmix-again {2}\(/);
    expect(stdout).toMatch(/params +1,518/);
    expect(stdout).toMatch(/grouped +Conv +36,864/);
  });

  it('exits 3 with one message naming the file for a missing, non-ONNX or truncated file', () => {
    const text = join(dir, 'notes.onnx');
    const truncated = join(dir, 'cut.onnx');
    writeFileSync(text, 'these are my notes, not a model\n');
    writeFileSync(truncated, readFileSync(fixture).subarray(0, 3000));
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.onnx'), /missing\.onnx: file not found/],
      [text, /notes\.onnx: not a readable ONNX model/],
      [truncated, /cut\.onnx: not a readable ONNX model: the file is truncated or corrupt/],
    ];
    for (const [file, message] of cases) {
      const { code, stdout, stderr } = hil('models', 'inspect', file);
      expect(code).toBe(3);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.split('\n')[0]).toMatch(/^hil: /);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
