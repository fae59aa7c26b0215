/**
 * Reads ModelMeasurement records (the suites write one JSON file per model × board × target under
 * `reports/runs/<runId>/measurements/`). Accepts a run folder, its measurements folder, or any
 * folder of such files; a file may hold one record or an array. Bad files are reported all at
 * once as `file: path: message`.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { ConfigError, ConfigIssuesError, type ConfigIssue } from '../../errors.js';
import type { ModelMeasurement } from '../../results/check-result.js';
import { zodIssuesToConfigIssues } from '../../config/zod-issues.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

// Only what the table reads is checked; the rest of the record passes through untouched.
const measurementSchema = z.looseObject({
  model: z.string().min(1),
  variant: z.string().min(1),
  device: z.string().min(1),
  board: z.string().min(1),
  target: z.string().min(1),
  runner: z.string().min(1),
  accuracy: z.looseObject({ map: finite, map50: finite }).optional(),
  latency: z.looseObject({ medianMs: finite, fps: finite, n: finite }).optional(),
  throughput: z.looseObject({ batch: finite, fps: finite }).optional(),
  power: z.looseObject({ meanW: finite, energyPerInferenceMj: finite.nullable() }).nullable(),
  provenance: z.record(z.string(), z.unknown()).optional(),
});
const fileSchema = z.union([measurementSchema, z.array(measurementSchema)]);

export async function loadMeasurements(dir: string): Promise<ModelMeasurement[]> {
  if (isRunFolder(dir) && !existsSync(join(dir, 'measurements'))) return []; // a run that measured nothing
  const folder = existsSync(join(dir, 'measurements')) ? join(dir, 'measurements') : dir;
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new ConfigError('HIL_NO_MEASUREMENTS', `${dir}: no such folder of measurements`, {
      hint: 'run `npx hil run` first, or pass a run folder (reports/runs/<runId>) with --results',
    });
  }
  const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
  const issues: ConfigIssue[] = [];
  const out: ModelMeasurement[] = [];
  for (const name of files) {
    const file = join(folder, name);
    const shown = relative(process.cwd(), file) || file;
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      issues.push({ file: shown, path: '', message: `not valid JSON: ${(error as Error).message}` });
      continue;
    }
    const parsed = fileSchema.safeParse(data);
    if (!parsed.success) {
      // Report against the single-record schema: its messages name the field, not the union.
      const single = Array.isArray(data) ? z.array(measurementSchema) : measurementSchema;
      const again = single.safeParse(data);
      issues.push(...zodIssuesToConfigIssues(shown, single, data, again.success ? parsed.error : again.error));
      continue;
    }
    out.push(...((Array.isArray(parsed.data) ? parsed.data : [parsed.data]) as unknown as ModelMeasurement[]));
  }
  if (issues.length > 0) throw new ConfigIssuesError(issues);
  return out;
}

/** A run folder (reports/runs/<runId>) holds run.json and checks/ beside its measurements. */
function isRunFolder(dir: string): boolean {
  return existsSync(join(dir, 'run.json')) || existsSync(join(dir, 'checks'));
}
