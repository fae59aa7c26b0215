/**
 * Turns the `hil models inspect [NAME|FILE]` argument into files: a path that exists is inspected
 * as is; anything else is looked up by name in the model manifest; no argument means every model
 * in the manifest.
 *
 * The manifest is read minimally (`readManifestEntries`: each entry's `name` and `file`), so
 * inspection works on any manifest that has those two fields: inspecting a model must not depend
 * on the rest of its entry being right.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { closestKey } from '../config/closest-key.js';
import { readManifestEntries } from '../config/load-manifest.js';
import { ConfigError } from '../errors.js';

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

export async function resolveModelTargets(argument: string | undefined, manifest: string): Promise<ModelTarget[]> {
  const kind = argument === undefined ? 'missing' : await kindOf(argument);
  if (argument !== undefined && kind !== 'missing') {
    if (kind !== 'file') throw new ConfigError('HIL_ONNX_UNREADABLE', `${argument}: is a ${kind}, not an ONNX file`, { where: argument });
    return [{ name: basename(argument, extname(argument)), file: argument }];
  }
  if (argument !== undefined && (/\.onnx$/i.test(argument) || (await kindOf(manifest)) === 'missing')) {
    const lookedUp = /\.onnx$/i.test(argument) ? '' : ` (and no manifest at ${manifest} to look it up as a model name)`;
    throw new ConfigError('HIL_ONNX_UNREADABLE', `${argument}: file not found${lookedUp}`, { where: argument });
  }
  const targets = await readManifestEntries(manifest);
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
