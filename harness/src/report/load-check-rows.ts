/**
 * Reads the check records of a run (`reports/runs/<runId>/checks/*.json`, one per check) as the
 * rows the console table and the markdown summary show. Only the fields those read are checked.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigIssuesError, type ConfigIssue } from '../errors.js';
import { zodIssuesToConfigIssues } from '../config/zod-issues.js';
import type { VerdictRow } from './console-table.js';

const rowSchema = z.looseObject({
  model: z.string(),
  device: z.string(),
  board: z.string(),
  target: z.string(),
  check: z.string(),
  status: z.enum(['passed', 'failed', 'broken', 'skipped', 'invalid']),
  verdict: z.looseObject({ value: z.number().nullable(), unit: z.string(), message: z.string() }).nullable(),
  error: z.string().optional(),
});

export async function loadCheckRows(runDir: string): Promise<VerdictRow[]> {
  const dir = join(runDir, 'checks');
  if (!existsSync(dir)) return [];
  const issues: ConfigIssue[] = [];
  const rows: VerdictRow[] = [];
  for (const name of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const file = join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      issues.push({ file, path: '', message: `not valid JSON: ${(error as Error).message}` });
      continue;
    }
    const parsed = rowSchema.safeParse(data);
    if (parsed.success) rows.push(parsed.data as unknown as VerdictRow);
    else issues.push(...zodIssuesToConfigIssues(file, rowSchema, data, parsed.error));
  }
  if (issues.length > 0) throw new ConfigIssuesError(issues);
  return rows;
}
