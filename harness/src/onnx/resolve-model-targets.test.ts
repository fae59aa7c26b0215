import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigIssuesError } from '../errors.js';
import { manifestEntries } from '../config/load-manifest.js';
import { resolveModelTargets } from './resolve-model-targets.js';

describe('resolveModelTargets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hil-manifest-'));
  mkdirSync(join(dir, 'models'));
  const manifest = join(dir, 'models', 'manifest.yaml');
  writeFileSync(manifest, 'models:\n  - name: vgg-ssd-mini\n    file: vgg.onnx\n  - name: squeezenet-ssd-mini\n    file: sub/sq.onnx\n');
  writeFileSync(join(dir, 'plain.onnx'), 'x');

  it('takes an existing file as is, named after it', async () => {
    expect(await resolveModelTargets(join(dir, 'plain.onnx'), manifest)).toEqual([{ name: 'plain', file: join(dir, 'plain.onnx') }]);
  });

  it('looks names up in the manifest, files relative to it; no argument means all', async () => {
    expect(await resolveModelTargets('squeezenet-ssd-mini', manifest)).toEqual([{ name: 'squeezenet-ssd-mini', file: join(dir, 'models', 'sub', 'sq.onnx') }]);
    expect((await resolveModelTargets(undefined, manifest)).map((t) => t.name)).toEqual(['vgg-ssd-mini', 'squeezenet-ssd-mini']);
  });

  it('suggests the closest model name', async () => {
    const error = await resolveModelTargets('vgg-ssd-mni', manifest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).hint).toMatch(/did you mean 'vgg-ssd-mini'/);
  });

  it('says file not found for a missing .onnx path, and for a name when there is no manifest', async () => {
    await expect(resolveModelTargets(join(dir, 'gone.onnx'), manifest)).rejects.toThrow(`${join(dir, 'gone.onnx')}: file not found`);
    await expect(resolveModelTargets('gone', join(dir, 'none.yaml'))).rejects.toThrow(/gone: file not found \(and no manifest at .*none\.yaml/);
    await expect(resolveModelTargets(dir, manifest)).rejects.toThrow(/is a directory, not an ONNX file/);
  });
});

describe('manifestEntries', () => {
  it('accepts a map of models and reports every entry without name or file', () => {
    expect(manifestEntries({ models: { a: { file: 'a.onnx' } } }, 'm.yaml')).toEqual([{ name: 'a', file: 'a.onnx' }]);
    const error = (() => {
      try {
        manifestEntries({ models: [{ file: 'a.onnx' }, { name: 'b' }] }, 'm.yaml');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigIssuesError);
    expect((error as Error).message).toBe('m.yaml: models.0.name: expected a model name (string)\nm.yaml: models.1.file: expected the ONNX file path (string, relative to the manifest)');
  });
});
