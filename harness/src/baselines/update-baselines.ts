import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ModelMeasurement } from '../results/check-result.js';
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
  /**
   * Accept measurements hil refuses (invalid, throttled, emulated), saying why; the reason is
   * recorded with the accepted run. A baseline is what later runs are judged against.
   */
  force?: string;
}

/** Why a measurement cannot become a baseline as it is (empty when it can). */
export function baselineRefusals(m: ModelMeasurement): string[] {
  const out: string[] = [];
  if (m.validity?.invalid) out.push(m.validity.invalid);
  if (m.emulated === true || (m.provenance as { emulated?: unknown } | undefined)?.emulated === true) out.push('measured on an emulated board or target, not real hardware');
  return out;
}

/**
 * `hil baseline update`: accept the measurements of a run (the latest by default) as the new
 * baselines of their device types. Only measurements with latency samples are accepted; a run
 * with broken checks is refused, since its numbers are incomplete; a measurement that was invalid
 * (host busy, board throttled) or emulated is refused unless forced with a reason, recorded.
 */
export async function updateBaselines(options: BaselineUpdateOptions): Promise<{ runId: string; written: string[] }> {
  const config = await loadConfig({ cwd: options.cwd });
  const reportsDir = path.resolve(config.rootDir, config.reportsDir);
  const runId =
    options.run ?? (await readFile(path.join(reportsDir, 'latest-run'), 'utf8').then((s) => s.trim(), () => ''));
  if (!runId) throw new ConfigError('HIL_NO_RUN', `${path.join(config.reportsDir, 'latest-run')}: no run to accept yet`, { hint: 'run `npx hil run` first' });
  const { checks, measurements } = await readRun(path.join(reportsDir, 'runs', runId), { decided: true });
  if (measurements.length === 0) throw new ConfigError('HIL_NO_RUN', `run ${runId}: no measurements found under ${config.reportsDir}/runs/${runId}`);
  const broken = checks.filter((c) => c.status === 'broken');
  if (broken.length > 0) {
    throw new ConfigError('HIL_RUN_BROKEN', `run ${runId} has ${broken.length} broken check(s) (${broken[0]!.model}: ${broken[0]!.check}); its numbers are incomplete and cannot become a baseline`);
  }
  const baselinesDir = path.resolve(config.rootDir, config.baselinesDir);
  const chosen = measurements.filter((m) => (!options.model || options.model.length === 0 || options.model.includes(m.model)) && (m.latency?.samplesMs?.length ?? 0) > 0);
  const refused = chosen.flatMap((m) => baselineRefusals(m).map((why) => `${m.model} on ${m.board} (${m.target}): ${why}`));
  if (refused.length > 0 && !options.force) {
    throw new ConfigError('HIL_BASELINE_REFUSED', `run ${runId} cannot become a baseline: ${refused.join('; ')}`, {
      hint: 'measure again on a quiet, cool, real board; or accept it anyway with --force "<why>" (the reason is recorded with the baseline)',
    });
  }
  const written: string[] = [];
  for (const m of chosen) {
    const refusals = baselineRefusals(m);
    const accepted = baselineFromMeasurement(m, runId);
    const incoming = refusals.length > 0 && options.force
      ? { ...accepted, runs: accepted.runs?.map((r) => ({ ...r, forced: { reason: options.force!, refused: refusals, by: `${os.userInfo().username}@${os.hostname()}` } })) }
      : accepted;
    const existing = options.reset ? null : await readBaseline(baselinesDir, incoming.device, incoming.model);
    written.push(path.relative(config.rootDir, await writeBaseline(baselinesDir, mergeBaseline(existing, incoming, options.keep ?? BASELINE_RUNS_KEPT))));
  }
  return { runId, written };
}
