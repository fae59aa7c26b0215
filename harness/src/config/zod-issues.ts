import type { z } from 'zod';
import type { ConfigIssue } from '../errors.js';
import { closestKey } from './closest-key.js';

/** `a.b[2].c` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** Known keys of the object schema found at `path`, for "did you mean" hints. */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (const segment of path) {
    current = unwrap(current);
    const def = (current as { def?: Record<string, unknown> }).def;
    if (!def) return [];
    if (def.type === 'object') current = (def.shape as Record<string, unknown>)[String(segment)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return [];
  }
  const def = (unwrap(current) as { def?: Record<string, unknown> }).def;
  return def?.type === 'object' ? Object.keys(def.shape as Record<string, unknown>) : [];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: Record<string, unknown> } | undefined;
  while (current?.def && ['optional', 'default', 'nullable', 'readonly', 'prefault'].includes(String(current.def.type))) {
    current = current.def.innerType as typeof current;
  }
  return current;
}

/**
 * Every zod issue as `file: path: message`, showing the value received and, for unknown keys,
 * the closest known key (changesets-style: all problems at once, each pointing at its place).
 */
export function zodIssuesToConfigIssues(file: string, schema: z.ZodType, data: unknown, error: z.ZodError): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const suggestion = closestKey(key, known);
        issues.push({
          file,
          path: formatPath([...issue.path, key]),
          message: `unknown key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; known keys: ${known.join(', ')}`,
        });
      }
      continue;
    }
    const received = valueAt(data, issue.path);
    // A required key left out: zod says "expected string, received undefined"; say it plainly.
    if (received === undefined && issue.code === 'invalid_type') {
      issues.push({ file, path: formatPath(issue.path), message: `missing (required, ${issue.expected})` });
      continue;
    }
    issues.push({ file, path: formatPath(issue.path), message: `${issue.message}, received ${describeValue(received)}` });
  }
  return issues;
}
