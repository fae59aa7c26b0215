import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, ConfigIssuesError } from '../errors.js';
import { suiteSchema, type SuiteData } from './suite-schema.js';
import { zodIssuesToConfigIssues } from './zod-issues.js';

export interface LoadedSuite extends SuiteData {
  name: string;
  file: string;
}

/**
 * Reads `<suitesDir>/<name>.suite.yaml`. Synchronous on purpose: Playwright collects tests by
 * importing spec files, and the tests of a data-driven suite are generated at that moment.
 */
export function loadSuiteSync(rootDir: string, suitesDir: string, name: string): LoadedSuite {
  const absolute = path.resolve(rootDir, suitesDir, `${name}.suite.yaml`);
  const file = path.relative(rootDir, absolute);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (cause) {
    throw new ConfigError('HIL_SUITE_MISSING', `${file}: suite "${name}" not found (no such file)`, { cause });
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigIssuesError(
      document.errors.map((e) => ({ file, path: '', message: `not valid YAML: ${e.message.split('\n')[0]}` })),
    );
  }
  const data: unknown = document.toJS();
  const parsed = suiteSchema.safeParse(data);
  if (!parsed.success) throw new ConfigIssuesError(zodIssuesToConfigIssues(file, suiteSchema, data, parsed.error));
  return { ...parsed.data, name, file };
}
