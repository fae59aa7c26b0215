import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { assertInputShape, checkInputShape, compareInputShape } from './check-input-shape.js';

const mix = fileURLToPath(new URL('../../../test/fixtures/onnx/cnn-mix.onnx', import.meta.url));
const legacy = fileURLToPath(new URL('../../../test/fixtures/onnx/legacy-ir3.onnx', import.meta.url));

describe('compareInputShape', () => {
  it('accepts equal shapes, -1 in the manifest and symbolic dims in the model', () => {
    expect(compareInputShape([1, 3, 300, 300], [1, 3, 300, 300])).toBeUndefined();
    expect(compareInputShape([1, 3, 300, 300], [-1, 3, 300, 300])).toBeUndefined();
    expect(compareInputShape(['batch', 3, 300, 300], [1, 3, 300, 300])).toBeUndefined();
  });

  it('explains a size or rank mismatch', () => {
    expect(compareInputShape([1, 3, 300, 300], [1, 3, 320, 320])).toBe('shape [1,3,300,300] but expected [1,3,320,320] (dim 2: 300 vs 320)');
    expect(compareInputShape([1, 3, 300], [1, 3, 300, 300])).toMatch(/^rank 3 .* but expected rank 4/);
  });
});

describe('checkInputShape / assertInputShape on real files', () => {
  it('checks the first real input (initializers listed as inputs are skipped)', async () => {
    expect(await checkInputShape(legacy, [1, 3, 10, 12])).toEqual({ ok: true, inputName: 'data', actual: [1, 3, 10, 12], expected: [1, 3, 10, 12] });
    const wrong = await checkInputShape(mix, [1, 3, 16, 16]);
    expect(wrong.ok).toBe(false);
    expect(wrong.reason).toBe("input 'x' has shape [batch,4,16,16] but expected [1,3,16,16] (dim 1: 4 vs 3)");
  });

  it('reports an input name the model does not have', async () => {
    const check = await checkInputShape(mix, [1, 4, 16, 16], 'images');
    expect(check).toMatchObject({ ok: false, reason: "has no input named 'images' (inputs: x)" });
  });

  it('throws a ConfigError naming the manifest field and the model file', async () => {
    const error = await assertInputShape(mix, [1, 4, 32, 32], { source: { file: 'golden/models/manifest.yaml', path: 'models.0.input.shape' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      `golden/models/manifest.yaml: models.0.input.shape: model ${mix} input 'x' has shape [batch,4,16,16] but expected [1,4,32,32] (dim 2: 16 vs 32)`,
    );
    await expect(assertInputShape(mix, [1, 4, 16, 16])).resolves.toBeUndefined();
  });
});
