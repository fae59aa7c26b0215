import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, ConfigIssuesError } from '../errors.js';
import { loadManifest, parseManifest } from './load-manifest.js';

let dir = '';
const modelBytes = Buffer.from('not really onnx, only hashed');
const sha = createHash('sha256').update(modelBytes).digest('hex');

function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tiny',
    family: 'vgg-ssd',
    variant: 'baseline',
    file: 'tiny.onnx',
    sha256: sha,
    input: { name: 'input', shape: [-1, 3, 160, 160], layout: 'NCHW', colorOrder: 'RGB', resize: 'stretch', scale: 1, mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] },
    output: { format: 'decoded-softmax', boxes: 'boxes', scores: 'scores', backgroundClass: 0 },
    priors: { imageSize: [160, 160], variances: [0.1, 0.1, 0.2, 0.2], layers: [{ featureMap: [20, 20], minSize: 10, maxSize: 20, aspectRatios: [2], flip: true, clip: false, offset: 0.5 }] },
    nms: { iouThreshold: 0.45, topKBefore: 400, keepTopK: 200, confidenceThreshold: 0.01 },
    classes: ['circle', 'triangle'],
    ...overrides,
  };
}

async function writeManifest(name: string, models: unknown[]): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, stringify({ version: 1, models }));
  return file;
}

async function issuesOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigIssuesError);
  return (error as ConfigIssuesError).issues.map((i) => `${i.path}: ${i.message}`);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hil-manifest-'));
  await writeFile(path.join(dir, 'tiny.onnx'), modelBytes);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadManifest', () => {
  it('loads a valid manifest and resolves the model file', async () => {
    const file = await writeManifest('ok.yaml', [entry(), entry({ name: 'tiny-pruned', variant: 'pruned', baseline: 'tiny' })]);
    const models = await loadManifest(file);
    expect(models.map((m) => m.name)).toEqual(['tiny', 'tiny-pruned']);
    expect(models[0]?.filePath).toBe(path.join(dir, 'tiny.onnx'));
    expect(models[0]?.input.shape).toEqual([-1, 3, 160, 160]);
    expect(models[1]?.baseline).toBe('tiny');
  });

  it('reports every problem at once, with the closest key for a typo', async () => {
    const bad = entry({ inptu: {}, nms: { iouThreshold: 2, topKBefore: 400, keepTopK: 200, confidenceThreshold: 0.01 } });
    delete bad.input;
    const file = await writeManifest('bad.yaml', [bad]);
    const issues = await issuesOf(loadManifest(file));
    expect(issues.some((i) => i.startsWith('models[0].inptu: unknown key (did you mean "input"?)'))).toBe(true);
    expect(issues.some((i) => i.startsWith('models[0].input:'))).toBe(true);
    expect(issues.some((i) => i.startsWith('models[0].nms.iouThreshold:') && i.includes('received 2'))).toBe(true);
  });

  it('checks the model file exists and its sha256 matches', async () => {
    const file = await writeManifest('files.yaml', [
      entry({ name: 'a', file: 'missing.onnx' }),
      entry({ name: 'b', sha256: 'f'.repeat(64) }),
    ]);
    const issues = await issuesOf(loadManifest(file));
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^models\[0\]\.file: model file not found: .*missing\.onnx$/);
    expect(issues[1]).toContain(`models[1].sha256: does not match tiny.onnx: file has ${sha}`);
  });

  it('rejects duplicate names, unknown baselines and priors that disagree with the input', async () => {
    const file = await writeManifest('refs.yaml', [
      entry(),
      entry({ baseline: 'nope' }),
      entry({ name: 'c', priors: { imageSize: [300, 300], variances: [0.1, 0.1, 0.2, 0.2], layers: [{ featureMap: [1, 1], minSize: 10, aspectRatios: [], flip: false, clip: false, offset: 0.5 }] } }),
    ]);
    const issues = await issuesOf(loadManifest(file));
    expect(issues.some((i) => i.startsWith('models[1].name: duplicate model name "tiny"'))).toBe(true);
    expect(issues.some((i) => i.startsWith('models[1].baseline: names no model'))).toBe(true);
    expect(issues.some((i) => i.startsWith('models[2].priors.imageSize:'))).toBe(true);
  });

  it('names the file for a missing manifest and for broken YAML', async () => {
    await expect(loadManifest(path.join(dir, 'none.yaml'))).rejects.toBeInstanceOf(ConfigError);
    const issues = await issuesOf(Promise.resolve().then(() => parseManifest('models: [\n', 'broken.yaml')));
    expect(issues[0]).toMatch(/^: YAML: /);
  });
});
