import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { ConfigError } from '../errors.js';
import { readRun } from '../results/read-run.js';
import { baselineFromMeasurement, mergeBaseline, readBaseline, writeBaseline, BASELINE_RUNS_KEPT } from './baseline-store.js';

export interface BaselineUpdateOptions {
  run?: string;
  model?: string[];
  cwd?: string;
  /** Forget the runs accepted before (a deliberate change of board, JetPack or model). */
  reset?: boolean;
  /** Runs kept per baseline. @default 5 */
  keep?: number;
}

/**
 * `hil baseline update`: accept the measurements of a run (the latest by default) as the new
 * baselines of their device types. Only measurements with latency samples are accepted, and a
 * run with broken checks is refused, since its numbers are incomplete.
 */
export async function updateBaselines(options: BaselineUpdateOptions): Promise<{ runId: string; written: string[] }> {
  const config = await loadConfig({ cwd: options.cwd });
  const reportsDir = path.resolve(config.rootDir, config.reportsDir);
  const runId =
    options.run ?? (await readFile(path.join(reportsDir, 'latest-run'), 'utf8').then((s) => s.trim(), () => ''));
  if (!runId) throw new ConfigError('HIL_NO_RUN', `${path.join(config.reportsDir, 'latest-run')}: no run to accept yet`, { hint: 'run `npx hil run` first' });
  const { checks, measurements } = await readRun(path.join(reportsDir, 'runs', runId));
  if (measurements.length === 0) throw new ConfigError('HIL_NO_RUN', `run ${runId}: no measurements found under ${config.reportsDir}/runs/${runId}`);
  const broken = checks.filter((c) => c.status === 'broken');
  if (broken.length > 0) {
    throw new ConfigError('HIL_RUN_BROKEN', `run ${runId} has ${broken.length} broken check(s) (${broken[0]!.model}: ${broken[0]!.check}); its numbers are incomplete and cannot become a baseline`);
  }
  const baselinesDir = path.resolve(config.rootDir, config.baselinesDir);
  const written: string[] = [];
  for (const m of measurements) {
    if (options.model && options.model.length > 0 && !options.model.includes(m.model)) continue;
    if (!m.latency?.samplesMs || m.latency.samplesMs.length === 0) continue;
    const incoming = baselineFromMeasurement(m, runId);
    const existing = options.reset ? null : await readBaseline(baselinesDir, incoming.device, incoming.model);
    written.push(path.relative(config.rootDir, await writeBaseline(baselinesDir, mergeBaseline(existing, incoming, options.keep ?? BASELINE_RUNS_KEPT))));
  }
  return { runId, written };
}
