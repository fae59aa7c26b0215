/**
 * Figures: what a run measured that no check holds to a limit on that device (power on a host
 * with no power budget, throughput without a throughput budget, mAP on a stream's processed
 * frames). They are shown with their model, marked as figures, and never counted as passed. Pure.
 */
import type { CheckRecord } from '../results/check-record.js';
import type { ModelMeasurement } from '../results/check-result.js';
import { splitPrecision } from '../results/precision.js';

export interface Figure {
  project: string;
  model: string;
  device: string;
  board: string;
  target: string;
  /** Which figure: `power`, `throughput`, `fps`, `p99`, `map50`, `map`, `stream-map50`, `stream-total-fps`, `latency-vs-fp32`. */
  name: string;
  value: number | null;
  unit: string;
  /** Why it is a figure, or why it is null (`not measured: ...; not required on local`). */
  note: string;
  emulated: boolean;
}

type RecordLike = Pick<CheckRecord, 'model' | 'check' | 'board' | 'target' | 'device'> & { project?: string; emulated?: boolean };

/** The figures of each (project, model) the records name: the measurement's values no record checks. */
export function figuresOf(records: readonly RecordLike[], measurements: readonly ModelMeasurement[]): Figure[] {
  const groups = new Map<string, RecordLike[]>();
  for (const r of records) {
    const k = `${r.project ?? `${r.device}:${r.target}`}\u0000${r.model}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const out: Figure[] = [];
  for (const rows of groups.values()) {
    const first = rows[0]!;
    const m = measurements.find((x) => x.model === first.model && x.target === first.target && rows.some((r) => r.board === x.board));
    if (!m) continue;
    const checked = new Set(rows.map((r) => r.check));
    const base = { project: first.project ?? `${first.device}:${first.target}`, model: m.model, device: m.device, board: m.board, target: m.target, emulated: m.emulated ?? rows.some((r) => r.emulated === true) };
    const noLimit = `no limit on ${m.device}${m.target === 'cpu' ? '' : `/${m.target}`}: recorded, not checked`;
    const add = (name: string, value: number | null, unit: string, note = noLimit) => out.push({ ...base, name, value, unit, note });
    if (m.accuracy) {
      if (!checked.has('map50') && !checked.has('map50-drop')) add('map50', m.accuracy.map50, 'AP@.5');
      if (!checked.has('map') && !checked.has('map-drop')) add('map', m.accuracy.map, 'AP@[.5:.95]');
    }
    if (m.latency) {
      if (!checked.has('fps')) add('fps', m.latency.fps, 'FPS');
      if (!checked.has('p99')) add('p99', m.latency.p99Ms, 'ms');
      if (!checked.has('power')) {
        const note = m.power ? `${m.power.source}; not required on ${m.device}, no power budget` : `${m.powerNote ?? 'not measured'}; not required on ${m.device}`;
        add('power', m.power?.meanW ?? null, 'W', note);
      }
    }
    // A precision row's latency against the same model's FP32 row on the same board and target:
    // what reduced precision bought (shown, not checked: an emulated GPU computes in FP32 anyway).
    const { model: baseName, precision } = splitPrecision(m.model);
    const fp32 = precision ? measurements.find((x) => x.model === baseName && x.board === m.board && x.target === m.target) : undefined;
    if (precision && m.latency) {
      const ratio = fp32?.latency ? m.latency.medianMs / fp32.latency.medianMs : null;
      add('latency-vs-fp32', ratio, '× FP32', ratio === null ? `not measured: no FP32 latency of ${baseName} on ${m.board} ${m.target}` : `median ${m.latency.medianMs.toFixed(3)} ms vs ${fp32!.latency!.medianMs.toFixed(3)} ms at FP32, same board and target; recorded, not checked`);
    }
    if (m.throughput && !checked.has('throughput')) add('throughput', m.throughput.fps, 'FPS', `batch ${m.throughput.batch}; ${noLimit}`);
    if (m.stream) {
      m.stream.streams.forEach((s) => add('stream-map50', s.map50, 'AP@.5', `stream ${s.stream} on ${s.board}, processed frames only; ${noLimit}`));
      if (m.stream.streams.length > 1) add('stream-total-fps', m.stream.totalProcessedFps, 'FPS', `${m.stream.streams.length} streams; ${noLimit}`);
    }
  }
  return out;
}
