/**
 * The one reader of the model manifest, in three depths:
 * - `loadManifest`: schema, cross-references (unique names, `baseline` names a listed model, class
 *   count vs background index), every model file present with the manifest's sha256 (before a run);
 * - `readManifestSync`: schema and cross-references only, synchronously (while Playwright collects tests);
 * - `readManifestEntries`: only each entry's `name` and `file` (`hil models inspect` must work on a
 *   manifest whose other fields are wrong).
 * Every problem is collected and reported at once as `file: dot.path: message`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, parseDocument } from 'yaml';
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

/** The manifest read synchronously (schema and cross-references); model files are checked later by loadManifest. */
export function readManifestSync(rootDir: string, manifest: string): ModelSpec[] {
  let text: string;
  try {
    text = readFileSync(path.resolve(rootDir, manifest), 'utf8');
  } catch (cause) {
    throw new ConfigError('HIL_MANIFEST_MISSING', `${manifest}: model manifest not found`, { cause, where: manifest });
  }
  return parseManifest(text, manifest);
}

/** A manifest entry as `hil models inspect` needs it: a name and its ONNX file (absolute). */
export interface ManifestEntry {
  name: string;
  file: string;
}

/** `models:` as a list of entries or a map name -> entry; a bare top-level list is accepted too. */
export function manifestEntries(document: unknown, manifest: string): ManifestEntry[] {
  const models = Array.isArray(document) ? document : (document as { models?: unknown } | null)?.models;
  const list: [string, unknown][] = Array.isArray(models)
    ? models.map((entry, i) => [`models.${i}`, entry])
    : models && typeof models === 'object'
      ? Object.entries(models).map(([name, entry]) => [`models.${name}`, { name, ...(entry as object) }])
      : [];
  if (list.length === 0) throw new ConfigError('HIL_MANIFEST_EMPTY', `${manifest}: models: no model entries found`, { where: manifest });
  const issues: ConfigIssue[] = [];
  const entries: ManifestEntry[] = [];
  for (const [at, raw] of list) {
    const entry = raw as Partial<ManifestEntry> | null;
    if (typeof entry?.name !== 'string') issues.push({ file: manifest, path: `${at}.name`, message: 'expected a model name (string)' });
    else if (typeof entry.file !== 'string') issues.push({ file: manifest, path: `${at}.file`, message: 'expected the ONNX file path (string, relative to the manifest)' });
    else entries.push({ name: entry.name, file: entry.file });
  }
  if (issues.length > 0) throw new ConfigIssuesError(issues);
  return entries;
}

/** Only the names and files of a manifest (schema-valid or not), files resolved against its folder. */
export async function readManifestEntries(manifest: string): Promise<ManifestEntry[]> {
  let text: string;
  try {
    text = await readFile(manifest, 'utf8');
  } catch {
    throw new ConfigError('HIL_MANIFEST_MISSING', `${manifest}: model manifest not found`, {
      where: manifest,
      hint: 'give an .onnx file path, or point --manifest at a manifest.yaml',
    });
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new ConfigError('HIL_MANIFEST_SYNTAX', `${manifest}: not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`, { where: manifest });
  }
  const base = path.dirname(manifest);
  return manifestEntries(document, manifest).map((entry) => ({ name: entry.name, file: path.isAbsolute(entry.file) ? entry.file : path.join(base, entry.file) }));
}
