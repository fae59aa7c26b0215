import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigIssuesError } from '../errors.js';
import type { ModelMeasurement } from '../results/check-result.js';
import { writeFileAtomic } from '../files/atomic-write.js';


/**
 * A stored baseline: the accepted measurement of one model on one device type, with the raw
 * latency samples so a later run is compared statistically, not against one number.
 */
export interface StoredBaseline {
  model: string;
  device: string;
  board: string;
  acceptedAt: string;
  runId: string;
  map: number | null;
  map50: number | null;
  /** Every accepted run's samples, pooled (what the statistical test compares with). */
  latencySamplesMs: number[];
  /**
   * The accepted runs (the last few, oldest first). Several runs let the comparison see the
   * machine's own run-to-run variation instead of calling it a regression.
   */
  runs?: BaselineRun[];
  medianMs: number | null;
  p99Ms: number | null;
  meanW: number | null;
  provenance: Record<string, unknown>;
}

export interface BaselineRun {
  runId: string;
  acceptedAt: string;
  board: string;
  medianMs: number;
  samplesMs: number[];
  /** Accepted although hil would have refused it (invalid, throttled, emulated): why, and who said so. */
  forced?: { reason: string; refused: string[]; by: string };
}

/** Runs a baseline keeps by default: enough to span run-to-run drift, few enough to follow the board. */
export const BASELINE_RUNS_KEPT = 5;

/** Adds an accepted run to a stored baseline, keeping the newest `keep` runs and pooling their samples. Pure. */
export function mergeBaseline(existing: StoredBaseline | null, incoming: StoredBaseline, keep = BASELINE_RUNS_KEPT): StoredBaseline {
  const earlier = existing?.runs ?? (existing && existing.latencySamplesMs.length > 0 && existing.medianMs !== null
    ? [{ runId: existing.runId, acceptedAt: existing.acceptedAt, board: existing.board, medianMs: existing.medianMs, samplesMs: existing.latencySamplesMs }]
    : []);
  const runs = [...earlier.filter((r) => r.runId !== incoming.runId), ...(incoming.runs ?? [])].slice(-Math.max(1, keep));
  return { ...incoming, runs, latencySamplesMs: runs.flatMap((r) => r.samplesMs) };
}

/**
 * The folder a baseline lives in: the device type for its CPU (as before targets existed), and
 * `<type>@<target>` for a GPU, so a trtexec baseline never replaces the agent's.
 */
export function baselineKey(deviceType: string, target: string | undefined): string {
  return !target || target === 'cpu' ? deviceType : `${deviceType}@${target}`;
}

export function baselineFile(baselinesDir: string, device: string, model: string): string {
  return path.join(baselinesDir, device, `${model}.json`);
}

export async function readBaseline(baselinesDir: string, device: string, model: string): Promise<StoredBaseline | null> {
  const file = baselineFile(baselinesDir, device, model);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  let data: StoredBaseline;
  try {
    data = JSON.parse(text) as StoredBaseline;
  } catch (cause) {
    throw new ConfigIssuesError([{ file, path: '', message: `not valid JSON (${(cause as Error).message})` }]);
  }
  if (!Array.isArray(data.latencySamplesMs) || data.latencySamplesMs.some((v) => typeof v !== 'number' || !(v > 0))) {
    throw new ConfigIssuesError([{ file, path: 'latencySamplesMs', message: 'expected an array of positive numbers' }]);
  }
  return data;
}

export function baselineFromMeasurement(m: ModelMeasurement, runId: string, now = new Date()): StoredBaseline {
  return {
    model: m.model,
    device: baselineKey(m.device, m.target),
    board: m.board,
    acceptedAt: now.toISOString(),
    runId,
    map: m.accuracy?.map ?? null,
    map50: m.accuracy?.map50 ?? null,
    latencySamplesMs: m.latency?.samplesMs ?? [],
    runs: m.latency?.samplesMs && m.latency.samplesMs.length > 0
      ? [{ runId, acceptedAt: now.toISOString(), board: m.board, medianMs: m.latency.medianMs, samplesMs: m.latency.samplesMs }]
      : [],
    medianMs: m.latency?.medianMs ?? null,
    p99Ms: m.latency?.p99Ms ?? null,
    meanW: m.power?.meanW ?? null,
    provenance: m.provenance,
  };
}

export async function writeBaseline(baselinesDir: string, baseline: StoredBaseline): Promise<string> {
  const file = baselineFile(baselinesDir, baseline.device, baseline.model);
  await writeFileAtomic(file, `${JSON.stringify(baseline, null, 2)}\n`);
  return file;
}

export async function listBaselines(baselinesDir: string): Promise<string[]> {
  const devices = await readdir(baselinesDir).catch(() => [] as string[]);
  const files: string[] = [];
  for (const device of devices) {
    for (const name of await readdir(path.join(baselinesDir, device)).catch(() => [] as string[])) {
      if (name.endsWith('.json')) files.push(path.join(device, name));
    }
  }
  return files.sort();
}
