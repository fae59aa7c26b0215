/**
 * Reads the check records of a run as the rows the console table and the markdown summary show:
 * the run's decision (`decision.json`: one record per planned check, a missing one broken) where
 * `hil run` wrote it, else the records the checks left (`checks/*.json`). Only the fields those
 * read are checked.
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
  emulated: z.boolean().optional(),
  required: z.boolean().optional(),
});

const decisionSchema = z.looseObject({
  planned: z.number(),
  decided: z.number(),
  problems: z.array(z.object({ code: z.string(), message: z.string() })),
  checks: z.array(z.unknown()),
});

/** The run's decision as `hil run` wrote it, or null for a run folder without one. */
export async function loadDecision(runDir: string): Promise<{ planned: number; decided: number; problems: { code: string; message: string }[]; rows: VerdictRow[] } | null> {
  const file = join(runDir, 'decision.json');
  if (!existsSync(file)) return null;
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigIssuesError([{ file, path: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  const parsed = decisionSchema.safeParse(data);
  if (!parsed.success) throw new ConfigIssuesError(zodIssuesToConfigIssues(file, decisionSchema, data, parsed.error));
  const issues: ConfigIssue[] = [];
  const rows: VerdictRow[] = [];
  parsed.data.checks.forEach((c, i) => {
    const row = rowSchema.safeParse(c);
    if (row.success) rows.push(row.data as unknown as VerdictRow);
    else issues.push(...zodIssuesToConfigIssues(`${file} checks[${i}]`, rowSchema, c, row.error));
  });
  if (issues.length > 0) throw new ConfigIssuesError(issues);
  return { planned: parsed.data.planned, decided: parsed.data.decided, problems: parsed.data.problems, rows };
}

export async function loadCheckRows(runDir: string): Promise<VerdictRow[]> {
  const decision = await loadDecision(runDir);
  if (decision) return decision.rows;
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
