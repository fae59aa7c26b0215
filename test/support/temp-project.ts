import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const hilBin = path.join(repoRoot, 'harness', 'dist', 'cli', 'main.js');

export interface TempProject {
  dir: string;
  write(relative: string, contents: string): void;
  cleanup(): void;
}

/**
 * A throwaway hil project (black-box tests, like Playwright's runInlineTest): the repo's
 * node_modules linked in so `hil` resolves, the golden dataset linked, a tiny real ONNX model.
 */
export function createTempProject(options: { models?: string; suite?: string; config?: string } = {}): TempProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hil-project-'));
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  for (const sub of ['suites', 'devices', 'golden/models', 'golden/datasets']) mkdirSync(path.join(dir, sub), { recursive: true });
  symlinkSync(path.join(repoRoot, 'golden', 'datasets', 'shapes-v1'), path.join(dir, 'golden', 'datasets', 'shapes-v1'));
  cpSync(path.join(repoRoot, 'playwright.config.ts'), path.join(dir, 'playwright.config.ts'));
  cpSync(path.join(repoRoot, 'suites', 'detection.spec.ts'), path.join(dir, 'suites', 'detection.spec.ts'));
  for (const profile of readdirSync(path.join(repoRoot, 'devices')).filter((f) => f.endsWith('.yaml') && !f.startsWith('farm'))) cpSync(path.join(repoRoot, 'devices', profile), path.join(dir, 'devices', profile));
  const model = path.join(repoRoot, 'test', 'fixtures', 'models', 'tiny-ssd.onnx');
  cpSync(model, path.join(dir, 'golden', 'models', 'tiny-ssd.onnx'));
  const sha = createHash('sha256').update(readFileSync(model)).digest('hex');
  const project: TempProject = {
    dir,
    write(relative, contents) {
      mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
      writeFileSync(path.join(dir, relative), contents);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // hil suites are ESM, like the project they live in.
  project.write('package.json', JSON.stringify({ name: 'hil-temp-project', private: true, type: 'module' }));
  project.write('golden/models/manifest.yaml', options.models ?? tinyManifest(sha));
  // The untrained tiny model scores near 0 mAP: a tolerance of 0 decides its accuracy check (passed).
  project.write('suites/detection.suite.yaml', options.suite ?? 'dataset: golden/datasets/shapes-v1\nmodels: [tiny-ssd]\noverlays: 1\ntolerances:\n  tiny-ssd: { map50Min: 0 }\n');
  project.write(
    'hil.config.js',
    options.config ??
      "export default { singleStream: { warmup: 2, minQueries: 64, minDurationMs: 200 }, throughput: { batch: 4, minDurationMs: 200 } };\n",
  );
  return project;
}

export function tinyManifest(sha: string): string {
  const entry = (name: string, extra = '') => `  - name: ${name}
    family: tiny-ssd
    variant: ${extra ? 'pruned' : 'baseline'}
${extra}    file: tiny-ssd.onnx
    sha256: ${sha}
    input: { name: image, shape: [-1, 3, 64, 64], layout: NCHW, colorOrder: RGB, resize: stretch, scale: 1, mean: [127, 127, 127], std: [128, 128, 128] }
    output: { format: decoded-softmax, boxes: boxes, scores: scores, backgroundClass: 0 }
    nms: { iouThreshold: 0.45, topKBefore: 400, keepTopK: 200, confidenceThreshold: 0.01 }
    classes: [circle, triangle, star]
`;
  return `version: 1\nmodels:\n${entry('tiny-ssd')}${entry('tiny-ssd-pruned', '    baseline: tiny-ssd\n')}`;
}

export interface HilResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `hil` bin in a project folder. */
export function runHil(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<HilResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [hilBin, ...args], { cwd, env: { ...process.env, ...env, FORCE_COLOR: '0' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
    });
  });
}

/** The first `count` pictures of the golden val split as dataset `dir` of a temp project (images linked, annotations filtered). */
export function sliceGoldenDataset(projectDir: string, dir: string, count: number): void {
  const source = path.join(repoRoot, 'golden', 'datasets', 'shapes-v1');
  const all = JSON.parse(readFileSync(path.join(source, 'annotations.json'), 'utf8')) as { images: Array<{ id: number }>; annotations: Array<{ image_id: number }> };
  const images = all.images.slice(0, count);
  const ids = new Set(images.map((i) => i.id));
  const target = path.join(projectDir, dir);
  mkdirSync(target, { recursive: true });
  symlinkSync(path.join(source, 'images'), path.join(target, 'images'));
  writeFileSync(path.join(target, 'annotations.json'), JSON.stringify({ ...all, images, annotations: all.annotations.filter((a) => ids.has(a.image_id)) }));
}
