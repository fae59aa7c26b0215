import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseManifest } from '../config/load-manifest.js';
import { ConfigError } from '../errors.js';
import type { ModelSpec } from '../inference/model-spec.js';

/**
 * The manifest read synchronously while Playwright collects tests (names, variants, baselines).
 * Files and hashes are checked later, asynchronously, before anything is deployed.
 */
export function readManifestIndexSync(rootDir: string, manifest = 'golden/models/manifest.yaml'): ModelSpec[] {
  const file = path.resolve(rootDir, manifest);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError('HIL_MANIFEST_MISSING', `${manifest}: model manifest not found`, { cause });
  }
  return parseManifest(text, manifest);
}
