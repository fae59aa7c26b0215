import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, ConfigIssuesError, type ConfigIssue } from '../errors.js';
import { zodIssuesToConfigIssues } from '../config/zod-issues.js';

/**
 * Reads and validates one YAML file. Returns the parsed value or the file's issues (malformed
 * YAML, schema problems with closest-key hints), so callers can report many files at once.
 */
export function readYamlFile<S extends z.ZodType>(absolute: string, shown: string, schema: S): { data: z.infer<S> } | { issues: ConfigIssue[] } {
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (cause as Error).message;
    throw new ConfigError('HIL_FILE_UNREADABLE', `${shown}: cannot be read (${why})`, { cause, where: shown });
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return { issues: document.errors.map((e) => ({ file: shown, path: '', message: `not valid YAML: ${e.message.split('\n')[0]}` })) };
  }
  const data: unknown = document.toJS();
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) return { issues: zodIssuesToConfigIssues(shown, schema, data, parsed.error) };
  return { data: parsed.data };
}

/** Throws all issues at once, or returns the data. */
export function readYamlFileOrThrow<S extends z.ZodType>(absolute: string, shown: string, schema: S): z.infer<S> {
  const result = readYamlFile(absolute, shown, schema);
  if ('issues' in result) throw new ConfigIssuesError(result.issues);
  return result.data;
}
