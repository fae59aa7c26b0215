/**
 * The checks of `hil run --compare-to REF` for a changed model: its latency against the old
 * version's, timed interleaved on the same board in one lease (the verdict comes from the paired
 * block ratios), and its mAP@.5 against the old version's on the same images. A reviewer gets
 * the evidence with the verdict: both latency distributions overlaid, the ratio with its
 * interval, mAP and per-class AP old → new.
 */
import type { LoadedModelSpec } from '../config/load-manifest.js';
import { comparePaired, type PairedCompare } from '../metrics/paired-compare.js';
import { computeLatencyStats } from '../metrics/latency-stats.js';
import { renderLatencyOverlay } from '../report/plots/latency-overlay.js';
import type { ComparisonRecord, Verdict } from '../results/check-result.js';
import type { CompareRun } from '../sessions/device-session.js';
import type { CheckInput, CheckOutcome } from './detection-check.js';
import { measureAccuracy, measurementKey, readMeasurement, recordMeasurement, type AccuracyMeasurement, type MeasureContext } from './measure-model.js';
import { checkSubject } from './run-context.js';
import { describeVerdict, notMeasured, verdictParameters } from './verdict-helpers.js';
import { splitPrecision } from '../results/precision.js';
import type { CompareSet } from '../plan/run-plan.js';

export interface CompareInput extends CheckInput {
  compare: CompareSet;
}

export async function runCompareCheck(input: CompareInput): Promise<CheckOutcome> {
  const { suite, check, modelName, device, run, context, compare } = input;
  const subject = await checkSubject(run.config, { modelName, datasetDir: suite.dataset, device });
  const entry = compare.models.find((m) => m.name === modelName && m.status === 'changed');
  if (!entry?.old) throw new Error(`${modelName} is not a changed model of --compare-to ${compare.ref}`);
  const oldModel: LoadedModelSpec = { ...entry.old.spec, filePath: entry.old.file, manifestPath: subject.model.manifestPath };
  const ctx: MeasureContext = { device, store: run.store, runDir: run.env.runDir, config: run.config };
  const label = `${compare.ref} (${compare.commit.slice(0, 10)})`;
  const parameters: Record<string, string> = { runner: device.runner, 'compared with': `${modelName} at ${label}`, old: entry.oldSha256!.slice(0, 12), new: entry.newSha256.slice(0, 12) };
  if (device.emulated) parameters.emulated = 'yes: an emulated board or target, not real hardware';
  const record: ComparisonRecord = { ref: compare.ref, commit: compare.commit, oldSha256: entry.oldSha256!, newSha256: entry.newSha256 };
  let verdict: Verdict;
  if (check.kind === 'compare-latency') {
    const settings = suite.compare;
    const run_ = await context.step(`compare: old and new interleaved, ${settings.blocks} block pairs of ${settings.blockQueries} queries`, () =>
      run.store.getOrMeasure(measurementKey(device, `${modelName}@${entry.oldSha256!.slice(0, 12)}`, 'compare'), () =>
        device.runCompare({ spec: oldModel, filePath: oldModel.filePath }, { spec: subject.model, filePath: subject.model.filePath }, subject.dataset, { warmup: settings.warmup, blocks: settings.blocks, blockQueries: settings.blockQueries }, ctx.signal),
      ),
    );
    const c = comparePaired(run_.blocks, { alpha: settings.alpha, minShiftPct: settings.minShiftPct });
    const oldMedianMs = computeLatencyStats(run_.samplesA).medianMs;
    const newMedianMs = computeLatencyStats(run_.samplesB).medianMs;
    record.latency = { ratio: c.ratio, shiftPct: c.shiftPct, ci: c.ci, n: c.n, alpha: c.alpha, minShiftPct: c.minShiftPct, decision: c.decision, oldMedianMs, newMedianMs };
    verdict = {
      check: 'compare-latency',
      status: c.decision === 'regression' ? 'failed' : c.decision === 'no-regression' ? 'passed' : 'skipped',
      value: c.shiftPct,
      unit: '%',
      limit: { op: '<=', value: settings.minShiftPct, source: `${suite.file} compare.minShiftPct` },
      baseline: { value: oldMedianMs, source: `${modelName} at ${label}, same board, interleaved`, unit: 'ms (median)' },
      message: c.decision === 'insufficient' ? `not measured: ${c.reason}` : `${c.reason} (median ${oldMedianMs.toFixed(3)} → ${newMedianMs.toFixed(3)} ms)`,
    };
    await attachLatency(input, run_, c, label);
    Object.assign(parameters, { 'new ÷ old': `${c.ratio.toFixed(4)} [${c.ci[0].toFixed(4)} … ${c.ci[1].toFixed(4)}]`, 'median ms old → new': `${oldMedianMs.toFixed(3)} → ${newMedianMs.toFixed(3)}`, 'block pairs': String(c.n) });
  } else {
    if (device.notMeasured?.accuracy) return finish(notMeasured('compare-map50', 'points', device.notMeasured.accuracy), parameters, device);
    const next = await context.step('compare: mAP of the new version', () => measureAccuracy(ctx, subject.model, subject.dataset));
    const old = await context.step(`compare: mAP of the old version (${label})`, () => measureAccuracy(ctx, oldModel, subject.dataset, { label: 'old', sha256: entry.oldSha256! }));
    const limit = suite.tolerances[splitPrecision(modelName).model]?.map50DropMaxPoints ?? suite.compare.map50DropMaxPoints;
    const source = suite.tolerances[splitPrecision(modelName).model]?.map50DropMaxPoints !== undefined ? `${suite.file} tolerances.${modelName}.map50DropMaxPoints` : `${suite.file} compare.map50DropMaxPoints`;
    const drop = (old.map50 - next.map50) * 100;
    const ok = drop <= limit + 1e-9;
    record.accuracy = { oldMap50: old.map50, newMap50: next.map50, oldMap: old.map, newMap: next.map, dropPoints: drop, perClass: perClass(old, next) };
    verdict = {
      check: 'compare-map50',
      status: ok ? 'passed' : 'failed',
      value: drop,
      unit: 'points',
      limit: { op: '<=', value: limit, source },
      baseline: { value: old.map50, source: `${modelName} at ${label}`, unit: 'mAP@.5' },
      message: `mAP@.5 ${old.map50.toFixed(4)} → ${next.map50.toFixed(4)}: drop ${drop.toFixed(2)} points ${ok ? '<=' : '>'} ${limit} points (${source})`,
    };
    await context.attach('per-class AP old → new.json', { body: JSON.stringify(record.accuracy, null, 2), contentType: 'application/json' });
    Object.assign(parameters, { 'mAP@.5 old → new': `${old.map50.toFixed(4)} → ${next.map50.toFixed(4)}`, ...Object.fromEntries(record.accuracy.perClass.map((c) => [`AP@.5 ${c.name}`, `${fmt(c.oldAp50)} → ${fmt(c.newAp50)}`])) });
  }
  await recordComparison(ctx, subject.model, record);
  return finish(verdict, parameters, device);
}

function finish(verdict: Verdict, parameters: Record<string, string>, device: CheckInput['device']): CheckOutcome {
  return { verdict, parameters: { ...parameters, ...verdictParameters(verdict) }, description: describeVerdict(verdict, device) };
}

const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(4));

function perClass(old: AccuracyMeasurement, next: AccuracyMeasurement): NonNullable<ComparisonRecord['accuracy']>['perClass'] {
  return next.perCategory.map((c) => ({ name: c.name ?? String(c.categoryId), oldAp50: old.perCategory.find((o) => o.categoryId === c.categoryId)?.ap50 ?? null, newAp50: c.ap50 }));
}

async function attachLatency(input: CompareInput, run: CompareRun, c: PairedCompare, label: string): Promise<void> {
  const png = await renderLatencyOverlay({
    oldMs: run.samplesA,
    newMs: run.samplesB,
    title: `${input.modelName}: latency, old (${label}) vs new, interleaved on ${input.device.board}`,
    subtitle: `new ÷ old ${c.ratio.toFixed(4)} (${(1 - 2 * c.alpha) * 100}% CI ${c.ci[0].toFixed(4)} … ${c.ci[1].toFixed(4)}), ${c.n} block pairs`,
    oldLabel: 'old',
    newLabel: 'new',
  });
  await input.context.attach('latency old vs new', { body: png, contentType: 'image/png' });
  await input.context.attach('compare-latency.json', { body: JSON.stringify({ ...c, blocks: run.blocks }, null, 2), contentType: 'application/json' });
}

/** The comparison joins the new version's measurement record (tables, --json, the job summary read it). */
async function recordComparison(ctx: MeasureContext, model: LoadedModelSpec, part: ComparisonRecord): Promise<void> {
  const previous = await readMeasurement(ctx, model);
  await recordMeasurement(ctx, model, { compare: { ...(previous?.compare ?? {}), ...part } });
}
