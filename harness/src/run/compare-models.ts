/**
 * Which models `--compare-to REF` compares: those whose ONNX file differs between REF and the
 * working tree. The old file is taken from git into the run's cache (content-addressed) with its
 * manifest entry as it was at REF; unchanged and new models are listed as such, never dropped.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseManifest, type LoadedModelSpec } from '../config/load-manifest.js';
import { ConfigError } from '../errors.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { CompareSet } from '../plan/run-plan.js';
import { fileAtRevision, resolveRevision } from './git-revision.js';

export async function findChangedModels(input: {
  rootDir: string;
  /** The manifest, relative to rootDir. */
  manifest: string;
  ref: string;
  models: readonly LoadedModelSpec[];
  cacheDir: string;
}): Promise<CompareSet> {
  const commit = await resolveRevision(input.rootDir, input.ref);
  const text = await fileAtRevision(input.rootDir, commit, input.manifest);
  const old = text ? parseManifest(text.toString('utf8'), `${input.ref}:${input.manifest}`) : [];
  const models: CompareSet['models'] = [];
  for (const model of input.models) {
    const entry = old.find((m) => m.name === model.name);
    if (!entry) {
      models.push({ name: model.name, status: 'new', newSha256: model.sha256, why: `not in ${input.manifest} at ${input.ref}` });
      continue;
    }
    const relative = path.posix.join(path.posix.dirname(input.manifest.split(path.sep).join('/')), entry.file);
    const bytes = await fileAtRevision(input.rootDir, commit, relative);
    if (!bytes) throw new ConfigError('HIL_COMPARE_OLD_MISSING', `--compare-to ${input.ref}: ${input.manifest} lists ${entry.file} for ${model.name} there, but the file is not in that commit`, { where: '--compare-to' });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 === model.sha256) {
      models.push({ name: model.name, status: 'unchanged', newSha256: model.sha256, oldSha256: sha256, why: `same ONNX content at ${input.ref}` });
      continue;
    }
    const file = path.join(input.cacheDir, 'compare', `${sha256}.onnx`);
    if (!existsSync(file)) await writeFileAtomic(file, bytes);
    models.push({ name: model.name, status: 'changed', newSha256: model.sha256, oldSha256: sha256, why: `ONNX content differs from ${input.ref}`, old: { file, spec: entry } });
  }
  return { ref: input.ref, commit, models };
}
