/**
 * Reads and checks the model manifest: schema, cross-references (unique names, `baseline` names a
 * listed model, class count vs background index), that every model file exists and that its
 * sha256 matches. Every problem is collected and reported at once as `file: dot.path: message`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, ConfigIssuesError, type ConfigIssue } from '../errors.js';
import type { ModelSpec } from '../inference/model-spec.js';
import { manifestSchema } from './manifest-schema.js';
import { zodIssuesToConfigIssues } from './zod-issues.js';

/** A manifest entry with its model file resolved. */
export interface LoadedModelSpec extends ModelSpec {
  /** Absolute path of the ONNX file (`file` resolved against the manifest's folder). */
  filePath: string;
  /** Absolute path of the manifest the entry came from. */
  manifestPath: string;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Parses manifest text (YAML or JSON) without touching model files. */
export function parseManifest(text: string, file: string): ModelSpec[] {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigIssuesError(doc.errors.map((e) => ({ file, path: '', message: `YAML: ${e.message.split('\n')[0]}` })));
  }
  const data: unknown = doc.toJS();
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) throw new ConfigIssuesError(zodIssuesToConfigIssues(file, manifestSchema, data, parsed.error));
  const models = parsed.data.models as ModelSpec[];
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  models.forEach((m, i) => {
    const first = seen.get(m.name);
    if (first !== undefined) issues.push({ file, path: `models[${i}].name`, message: `duplicate model name "${m.name}" (also models[${first}])` });
    else seen.set(m.name, i);
  });
  models.forEach((m, i) => {
    if (m.baseline !== undefined && !seen.has(m.baseline)) {
      issues.push({ file, path: `models[${i}].baseline`, message: `names no model in this manifest, received "${m.baseline}"; known: ${[...seen.keys()].join(', ')}` });
    }
    if ('backgroundClass' in m.output && m.output.backgroundClass > m.classes.length) {
      issues.push({ file, path: `models[${i}].output.backgroundClass`, message: `must be at most the class count ${m.classes.length}, received ${m.output.backgroundClass}` });
    }
    if (m.priors && (m.priors.imageSize[0] !== m.input.shape[3] || m.priors.imageSize[1] !== m.input.shape[2])) {
      issues.push({ file, path: `models[${i}].priors.imageSize`, message: `must be [width, height] of input.shape (${m.input.shape[3]}, ${m.input.shape[2]}), received ${JSON.stringify(m.priors.imageSize)}` });
    }
  });
  if (issues.length > 0) throw new ConfigIssuesError(issues);
  return models;
}

/** Loads `manifestPath`, checks every entry and every model file, and resolves `filePath`. */
export async function loadManifest(manifestPath: string): Promise<LoadedModelSpec[]> {
  const abs = path.resolve(manifestPath);
  if (!existsSync(abs)) {
    throw new ConfigError('HIL_MANIFEST_MISSING', `${manifestPath}: manifest not found`, { where: manifestPath, hint: 'run `npm run golden:regen` or pass the path of your manifest' });
  }
  const models = parseManifest(await readFile(abs, 'utf8'), manifestPath);
  const issues: ConfigIssue[] = [];
  const loaded: LoadedModelSpec[] = [];
  for (const [i, m] of models.entries()) {
    const filePath = path.resolve(path.dirname(abs), m.file);
    loaded.push({ ...m, filePath, manifestPath: abs });
    if (!existsSync(filePath)) {
      issues.push({ file: manifestPath, path: `models[${i}].file`, message: `model file not found: ${filePath}` });
      continue;
    }
    const actual = await sha256File(filePath);
    if (actual !== m.sha256) {
      issues.push({ file: manifestPath, path: `models[${i}].sha256`, message: `does not match ${m.file}: file has ${actual}, manifest says ${m.sha256}` });
    }
  }
  if (issues.length > 0) throw new ConfigIssuesError(issues);
  return loaded;
}
