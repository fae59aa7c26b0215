import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs generator without type declarations
import { descriptorSource } from './generate-descriptor.mjs';

describe('onnx-descriptor.ts', () => {
  it('is the descriptor of the vendored onnx.proto (regenerate with generate-descriptor.mjs)', () => {
    const proto = readFileSync(fileURLToPath(new URL('./onnx.proto', import.meta.url)), 'utf8');
    const committed = readFileSync(fileURLToPath(new URL('./onnx-descriptor.ts', import.meta.url)), 'utf8');
    expect(committed).toBe(descriptorSource(proto));
  });
});
