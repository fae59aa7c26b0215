import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, EXIT_CODES } from '../errors.js';
import { decodeOnnx, readOnnxFile } from './read-onnx.js';

const fixture = new URL('../../../test/fixtures/onnx/cnn-mix.onnx', import.meta.url);

async function rejection(file: string): Promise<ConfigError> {
  const error = await readOnnxFile(file).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).exitCode).toBe(EXIT_CODES.config);
  return error as ConfigError;
}

describe('readOnnxFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hil-onnx-'));

  it('decodes a model written by the reference onnx library', async () => {
    const onnx = await readOnnxFile(fixture.pathname);
    expect(onnx.model.graph?.node.map((n) => n.op_type)).toContain('ConvTranspose');
    expect(onnx.model.producer_name).toBe('hil-fixtures');
    expect(onnx.sizeBytes).toBe(readFileSync(fixture).length);
  });

  it('names the file when it is missing', async () => {
    const error = await rejection(join(dir, 'nope.onnx'));
    expect(error.message).toBe(`${join(dir, 'nope.onnx')}: file not found`);
  });

  it('rejects an empty file, a text file and a directory with one message each', async () => {
    writeFileSync(join(dir, 'empty.onnx'), '');
    writeFileSync(join(dir, 'text.onnx'), 'hello, I am not a model\n');
    expect((await rejection(join(dir, 'empty.onnx'))).message).toMatch(/empty\.onnx: not a readable ONNX model: the file is empty/);
    expect((await rejection(join(dir, 'text.onnx'))).message).toMatch(/text\.onnx: not a readable ONNX model/);
    expect((await rejection(dir)).message).toMatch(/is a directory/);
  });

  it('rejects every truncation of a real model, never returning a partial graph', () => {
    const bytes = readFileSync(fixture);
    let rejected = 0;
    for (let cut = 1; cut < bytes.length; cut += 1) {
      try {
        decodeOnnx(bytes.subarray(0, cut), 'cut.onnx');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message.startsWith('cut.onnx: not a readable ONNX model: ')).toBe(true);
        rejected += 1;
      }
    }
    expect(rejected).toBe(bytes.length - 1);
  });

  it('says "truncated" when the bytes end inside a field', () => {
    const bytes = readFileSync(fixture);
    expect(() => decodeOnnx(bytes.subarray(0, bytes.length / 2), 'half.onnx')).toThrow(/truncated or corrupt/);
  });
});
