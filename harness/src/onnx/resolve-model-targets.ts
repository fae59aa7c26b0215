/**
 * Turns the `hil models inspect [NAME|FILE]` argument into files: a path that exists is inspected
 * as is; anything else is looked up by name in the model manifest; no argument means every model
 * in the manifest.
 *
 * The manifest is read minimally here (entries with `name` and `file`, file relative to the
 * manifest), so inspection works on any manifest that has those two fields, schema-valid or not:
 * inspecting a model must not depend on the rest of its entry being right.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { closestKey } from '../config/closest-key.js';
import { ConfigError, ConfigIssuesError, type ConfigIssue } from '../errors.js';

export const DEFAULT_MANIFEST = 'golden/models/manifest.yaml';

export interface ModelTarget {
  name: string;
  file: string;
}

async function kindOf(path: string): Promise<'file' | 'directory' | 'other' | 'missing'> {
  return stat(path).then(
    (s) => (s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other'),
    () => 'missing',
  );
}

interface ManifestEntry {
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
  for (const [path, raw] of list) {
    const entry = raw as Partial<ManifestEntry> | null;
    if (typeof entry?.name !== 'string') issues.push({ file: manifest, path: `${path}.name`, message: 'expected a model name (string)' });
    else if (typeof entry.file !== 'string') issues.push({ file: manifest, path: `${path}.file`, message: 'expected the ONNX file path (string, relative to the manifest)' });
    else entries.push({ name: entry.name, file: entry.file });
  }
  if (issues.length > 0) throw new ConfigIssuesError(issues);
  return entries;
}

export async function readManifestTargets(manifest: string): Promise<ModelTarget[]> {
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
  const base = dirname(manifest);
  return manifestEntries(document, manifest).map((entry) => ({ name: entry.name, file: isAbsolute(entry.file) ? entry.file : join(base, entry.file) }));
}

export async function resolveModelTargets(argument: string | undefined, manifest = DEFAULT_MANIFEST): Promise<ModelTarget[]> {
  const kind = argument === undefined ? 'missing' : await kindOf(argument);
  if (argument !== undefined && kind !== 'missing') {
    if (kind !== 'file') throw new ConfigError('HIL_ONNX_UNREADABLE', `${argument}: is a ${kind}, not an ONNX file`, { where: argument });
    return [{ name: basename(argument, extname(argument)), file: argument }];
  }
  if (argument !== undefined && (/\.onnx$/i.test(argument) || (await kindOf(manifest)) === 'missing')) {
    const lookedUp = /\.onnx$/i.test(argument) ? '' : ` (and no manifest at ${manifest} to look it up as a model name)`;
    throw new ConfigError('HIL_ONNX_UNREADABLE', `${argument}: file not found${lookedUp}`, { where: argument });
  }
  const targets = await readManifestTargets(manifest);
  if (argument === undefined) return targets;
  const match = targets.find((target) => target.name === argument);
  if (match) return [match];
  const names = targets.map((target) => target.name);
  const suggestion = closestKey(argument, names);
  throw new ConfigError('HIL_MODEL_UNKNOWN', `${argument}: neither a file nor a model in ${manifest}`, {
    where: manifest,
    hint: suggestion ? `did you mean '${suggestion}'? (models: ${names.join(', ')})` : `models: ${names.join(', ')}`,
  });
}
