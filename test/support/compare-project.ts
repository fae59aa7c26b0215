/**
 * A git repository holding the golden zoo, whose second commit replaces the pruned model's file
 * by a heavier network (the baseline's) with its manifest sha256: what `--compare-to HEAD~1` must catch.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTempProject, repoRoot, type TempProject } from './temp-project.js';

const MODELS = path.join('golden', 'models');

export function heavierModelRepo(options: { config?: string } = {}): TempProject {
  const project = createTempProject({
    suite: [
      'dataset: golden/datasets/shapes-v1',
      'models: [vgg-ssd-mini, vgg-ssd-mini-pruned]',
      'scenarios: { accuracy: true, singleStream: true, throughput: false }',
      'overlays: 0',
      'tolerances:',
      '  vgg-ssd-mini: { map50Min: 0.5 }',
      '  vgg-ssd-mini-pruned: { map50Min: 0.5, map50DropMaxPoints: 1 }',
      'compare: { blocks: 12, blockQueries: 15, warmup: 5 }',
    ].join('\n'),
    config: options.config ?? "export default { singleStream: { warmup: 2, minQueries: 64, minDurationMs: 200 } };\n",
  });
  const git = (...args: string[]) => execFileSync('git', ['-C', project.dir, '-c', 'user.name=hil', '-c', 'user.email=hil@example.com', ...args], { encoding: 'utf8' });
  // The real golden zoo: manifest and every model file it lists.
  for (const f of readdirSync(path.join(repoRoot, MODELS))) cpSync(path.join(repoRoot, MODELS, f), path.join(project.dir, MODELS, f), { recursive: true });
  project.write('.gitignore', 'node_modules\nreports/\n');
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'golden zoo');
  const heavier = readFileSync(path.join(project.dir, MODELS, 'vgg-ssd-mini.onnx'));
  writeFileSync(path.join(project.dir, MODELS, 'vgg-ssd-mini-pruned.onnx'), heavier);
  const manifest = path.join(project.dir, MODELS, 'manifest.yaml');
  const text = readFileSync(manifest, 'utf8');
  const shaAt = text.indexOf('sha256: ', text.indexOf('- name: vgg-ssd-mini-pruned'));
  writeFileSync(manifest, `${text.slice(0, shaAt)}sha256: ${createHash('sha256').update(heavier).digest('hex')}${text.slice(shaAt + 'sha256: '.length + 64)}`);
  git('commit', '-q', '-am', 'pruned model replaced by a heavier one');
  return project;
}
