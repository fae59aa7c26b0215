/**
 * The seed study's comparison table, regenerated from measurements: one row per network × device
 * × target (× board and runner when several), with inference ms, FPS, mAP, weights MB, MACs,
 * mean W, mJ per inference, and each pruned model's change against its baseline in %.
 * Values that were not measured stay null ("not measured"), never 0. Pure: data in, rows out.
 */
import type { ModelMeasurement } from '../../results/check-result.js';

/** What the table knows about a model besides its measurements (manifest + ONNX inspection). */
export interface ModelFacts {
  /** The model it was derived from (manifest `baseline`); for a precision row, its FP32 row. */
  baseline?: string;
  weightsBytes?: number;
  macs?: number;
  params?: number;
  /** Nodes of the ONNX graph: depth MACs do not show (the seed's PVA-SSD finding). */
  nodes?: number;
  /** `FP32`, `FP16`, `INT8`, or `INT8 (Q/DQ)` for an explicitly quantized model. */
  precision?: string;
}

export interface ComparisonMetrics {
  inferenceMs: number | null;
  fps: number | null;
  map: number | null;
  map50: number | null;
  weightsMB: number | null;
  macs: number | null;
  meanW: number | null;
  mjPerInference: number | null;
}

export interface ComparisonRow extends ComparisonMetrics {
  network: string;
  precision: string | null;
  params: number | null;
  nodes: number | null;
  variant: string;
  device: string;
  board: string;
  target: string;
  runner: string;
  /** Measured on an emulated board or target: marked wherever the table is read. */
  emulated: boolean;
  /** Batch size when FPS comes from the throughput scenario rather than single-stream. */
  fpsBatch: number | null;
  /** The baseline row this one is compared with, and the change of each metric in %. */
  vsBaseline: { network: string; change: ComparisonMetrics } | null;
}

export const METRIC_KEYS: (keyof ComparisonMetrics)[] = ['inferenceMs', 'fps', 'map', 'map50', 'weightsMB', 'macs', 'meanW', 'mjPerInference'];

export function buildComparisonTable(
  measurements: readonly ModelMeasurement[],
  facts: Readonly<Record<string, ModelFacts>> = {},
): ComparisonRow[] {
  // A later record of the same model on the same board/target/runner replaces an earlier one.
  const latest = new Map<string, ModelMeasurement>();
  for (const m of measurements) latest.set([m.model, m.device, m.board, m.target, m.runner].join('\u0000'), m);
  const named = new Map<ComparisonRow, string | undefined>();
  const rows = [...latest.values()].map((m) => {
    const f = factsFor(m, facts);
    const row = toRow(m, f);
    named.set(row, f.baseline);
    return row;
  });
  for (const row of rows) {
    const baselineName = baselineOf(row, rows, named.get(row));
    if (!baselineName) continue;
    const base =
      rows.find((r) => r.network === baselineName && r.board === row.board && r.target === row.target && r.runner === row.runner) ??
      rows.find((r) => r.network === baselineName && r.device === row.device && r.target === row.target && r.runner === row.runner);
    if (base) row.vsBaseline = { network: base.network, change: changeOf(row, base) };
  }
  return rows.sort(
    (a, b) =>
      a.device.localeCompare(b.device) ||
      a.target.localeCompare(b.target) ||
      a.board.localeCompare(b.board) ||
      familyKey(a).localeCompare(familyKey(b)) ||
      Number(a.vsBaseline !== null) - Number(b.vsBaseline !== null) ||
      a.network.localeCompare(b.network),
  );
}

/** Relative change in %: (candidate − baseline) / baseline × 100; null if either is missing or the baseline is 0. */
export function percentChange(candidate: number | null, baseline: number | null): number | null {
  if (candidate === null || baseline === null || baseline === 0) return null;
  return ((candidate - baseline) / Math.abs(baseline)) * 100;
}

function toRow(m: ModelMeasurement, f: ModelFacts): ComparisonRow {
  const singleStreamFps = m.latency?.fps ?? null;
  const fps = singleStreamFps ?? m.throughput?.fps ?? null;
  return {
    network: m.model,
    precision: f.precision ?? null,
    params: f.params ?? null,
    nodes: f.nodes ?? null,
    variant: m.variant,
    device: m.device,
    board: m.board,
    target: m.target,
    runner: m.runner,
    emulated: m.emulated ?? (m.provenance as { emulated?: unknown } | undefined)?.emulated === true,
    inferenceMs: m.latency?.medianMs ?? null,
    fps,
    fpsBatch: singleStreamFps === null && m.throughput ? m.throughput.batch : null,
    map: m.accuracy?.map ?? null,
    map50: m.accuracy?.map50 ?? null,
    weightsMB: f.weightsBytes !== undefined ? f.weightsBytes / 1e6 : null,
    macs: f.macs ?? null,
    meanW: m.power?.meanW ?? null,
    mjPerInference: m.power?.energyPerInferenceMj ?? null,
    vsBaseline: null,
  };
}

/** Facts from the caller win; otherwise the measurement's provenance may carry them. */
function factsFor(m: ModelMeasurement, facts: Readonly<Record<string, ModelFacts>>): ModelFacts {
  const p = m.provenance ?? {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const given = facts[m.model] ?? {};
  return {
    baseline: given.baseline ?? str(p.baseline) ?? str(p.baselineModel),
    weightsBytes: given.weightsBytes ?? num(p.weightsBytes) ?? num(p.modelBytes),
    macs: given.macs ?? num(p.macs),
    ...(given.params !== undefined ? { params: given.params } : {}),
    ...(given.nodes !== undefined ? { nodes: given.nodes } : {}),
    ...(given.precision !== undefined ? { precision: given.precision } : {}),
  };
}

function baselineOf(row: ComparisonRow, rows: ComparisonRow[], named: string | undefined): string | null {
  // A precision row (`vgg@int8`) is compared with its own FP32 row, whatever its variant.
  if (named && row.network.startsWith(`${named}@`)) return named;
  if (row.variant === 'baseline') return null;
  if (named) return named;
  // Without a manifest link, only an unambiguous pairing is made: exactly one baseline-variant
  // network measured on the same device, target and runner.
  const candidates = new Set(
    rows.filter((r) => r.variant === 'baseline' && r.device === row.device && r.target === row.target && r.runner === row.runner).map((r) => r.network),
  );
  return candidates.size === 1 ? [...candidates][0]! : null;
}

/** Sorts a derived model right after the baseline it is compared with. */
function familyKey(row: ComparisonRow): string {
  return row.vsBaseline?.network ?? row.network;
}

function changeOf(row: ComparisonMetrics, base: ComparisonMetrics): ComparisonMetrics {
  const out = {} as ComparisonMetrics;
  for (const k of METRIC_KEYS) out[k] = percentChange(row[k], base[k]);
  return out;
}
