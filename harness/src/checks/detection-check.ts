import path from 'node:path';
import type { CheckContext } from './check-context.js';
import type { LoadedSuite } from '../config/load-suite.js';
import { baselineKey, readBaseline } from '../baselines/baseline-store.js';
import { decideVerdicts, type VerdictMeasurements, type VerdictRules } from '../metrics/verdicts.js';
import type { Verdict } from '../results/check-result.js';
import type { PlannedCheck } from '../plan/check-plan.js';
import type { DeviceSession } from '../sessions/device-session.js';
import type { MeasurementStore } from './measurement-store.js';
import type { RunEnv } from '../results/run-env.js';
import type { ResolvedHilConfig } from '../config/define-config.js';
import { measureAccuracy, measureLatency, measureThroughput, type MeasureContext } from './measure-model.js';
import { checkSubject, runContextFor } from './run-context.js';
import { attachAccuracy, attachKernelUtilisation, attachLatency } from './check-attachments.js';
import { combineVerdicts, describeVerdict, noLimitVerdict } from './verdict-helpers.js';

export interface CheckInput {
  suite: LoadedSuite;
  check: PlannedCheck;
  modelName: string;
  device: DeviceSession;
  run: { env: RunEnv; config: ResolvedHilConfig; store: MeasurementStore };
  context: CheckContext;
}

export interface CheckOutcome {
  verdict: Verdict;
  parameters: Record<string, string>;
  description: string;
}

/** Measures what a check needs (memoised per run) and decides its verdict. */
export async function runCheck(input: CheckInput): Promise<CheckOutcome> {
  const { suite, check, modelName, device, run, context } = input;
  const { model, dataset, budgets, budgetSource } = await checkSubject(run.config, { modelName, datasetDir: suite.dataset, device });
  const tolerance = suite.tolerances[modelName] ?? {};
  const measure: MeasureContext = { device, store: run.store, runDir: run.env.runDir, config: run.config };
  const rules: VerdictRules = {
    ...budgets,
    budgetSource,
    toleranceSource: `${suite.file} tolerances.${modelName}`,
  };
  const parameters: Record<string, string> = { runner: device.runner, model: `${model.name} (${model.sha256.slice(0, 12)})` };
  let verdict: Verdict;

  // A runner that makes no detections (trtexec) leaves accuracy out: "not measured", never a faked mAP.
  const noAccuracy = device.notMeasured?.accuracy;
  if (noAccuracy && (check.kind === 'map' || check.kind === 'map-drop')) {
    verdict = { check: check.kind, status: 'skipped', value: null, unit: '', message: noAccuracy };
    return { verdict, parameters: { ...parameters, ...verdictParameters(verdict) }, description: describeVerdict(verdict, device) };
  }

  switch (check.kind) {
    case 'map': {
      const accuracy = await context.step('accuracy: run every golden image once', () => measureAccuracy(measure, model, dataset));
      await attachAccuracy(context, accuracy, dataset, suite.overlays);
      const m = emptyMeasurements({ map: accuracy.map, map50: accuracy.map50 });
      verdict = combineVerdicts(
        'map',
        // The unit says which mAP a value is, for tables (the messages already name it).
        decideVerdicts(m, { mapMin: tolerance.mapMin, map50Min: tolerance.map50Min, toleranceSource: rules.toleranceSource }).map((v) => ({
          ...v,
          unit: v.check === 'map50' ? 'AP@.5' : 'AP@[.5:.95]',
        })),
      ) ?? noLimitVerdict('map', `mAP ${accuracy.map.toFixed(4)}, mAP@.5 ${accuracy.map50.toFixed(4)}`, accuracy.map, 'AP@[.5:.95]');
      Object.assign(parameters, { 'mAP@[.5:.95]': accuracy.map.toFixed(4), 'mAP@.5': accuracy.map50.toFixed(4), images: String(accuracy.images) });
      break;
    }
    case 'map-drop': {
      const baselineModel = await runContextFor(run.config).model(model.baseline!);
      const candidate = await context.step('accuracy: candidate', () => measureAccuracy(measure, model, dataset));
      const baseline = await context.step(`accuracy: baseline model ${baselineModel.name}`, () => measureAccuracy(measure, baselineModel, dataset));
      await attachKernelUtilisation(context, model);
      // The drop is taken on mAP@.5, the figure the seed study (and VOC) compare pruned models on.
      const m = emptyMeasurements({ map: candidate.map50, baselineMap: { value: baseline.map50, source: `${baselineModel.name} mAP@.5 on ${device.board}` } });
      verdict = tolerance.mapDropMaxPoints === undefined
        ? noLimitVerdict('map-drop', `mAP@.5 drop ${((baseline.map50 - candidate.map50) * 100).toFixed(2)} points vs ${baselineModel.name}`, (baseline.map50 - candidate.map50) * 100, 'points')
        : decideVerdicts(m, { mapDropMaxPoints: tolerance.mapDropMaxPoints, toleranceSource: rules.toleranceSource })[0]!;
      if (verdict.baseline) verdict.baseline.unit = 'mAP@.5';
      Object.assign(parameters, { 'mAP@.5': candidate.map50.toFixed(4), [`${baselineModel.name} mAP@.5`]: baseline.map50.toFixed(4) });
      break;
    }
    case 'fps':
    case 'p99':
    case 'power':
    case 'latency-regression': {
      const latency = await context.step('single-stream: warm up, then time until both minimums hold', () => measureLatency(measure, model, dataset));
      await attachLatency(context, check.kind, latency, model.name, budgets);
      const m = emptyMeasurements({
        fps: latency.stats.fps,
        p99Ms: latency.stats.p99Ms,
        power: latency.power ? { meanW: latency.power.meanW, source: latency.power.source } : null,
        latencySamplesMs: latency.samplesMs,
      });
      if (check.kind === 'latency-regression') {
        const stored = await readBaseline(path.resolve(run.config.rootDir, run.config.baselinesDir), baselineKey(device.deviceType, device.target), model.name);
        if (!stored) {
          verdict = { check: 'latency-regression', status: 'skipped', value: null, unit: '%', message: `no stored baseline for ${model.name} on ${device.deviceType} (accept one with \`hil baseline update\`)` };
          break;
        }
        m.baselineLatency = { samplesMs: stored.latencySamplesMs, runMediansMs: stored.runs?.map((r) => r.medianMs), source: `${run.config.baselinesDir}/${device.deviceType}/${model.name}.json (${stored.runs?.length ?? 1} accepted run(s), latest ${stored.runId})` };
        verdict = decideVerdicts(m, { latencyRegression: suite.latencyRegression, toleranceSource: `${suite.file} latencyRegression` })[0]!;
      } else {
        const ruleKey = { fps: 'fpsMin', p99: 'p99MaxMs', power: 'powerMaxW' }[check.kind] as 'fpsMin' | 'p99MaxMs' | 'powerMaxW';
        const limit = budgets[ruleKey];
        verdict = limit === undefined
          ? noBudget(check.kind, latency, device.deviceType)
          : decideVerdicts(m, { [ruleKey]: limit, budgetSource: rules.budgetSource })[0]!;
      }
      // A throttled or contended measurement decides nothing; a check that had nothing to decide stays skipped.
      if (latency.invalid && verdict.status !== 'skipped') verdict = { ...verdict, status: 'invalid', message: `${latency.invalid}; measured: ${verdict.message}` };
      Object.assign(parameters, {
        n: String(latency.stats.n),
        'median ms': latency.stats.medianMs.toFixed(3),
        'p99 ms': latency.stats.p99Ms.toFixed(3),
        FPS: latency.stats.fps.toFixed(2),
        'mean W': latency.power ? `${latency.power.meanW.toFixed(2)} (${latency.power.source})` : 'not measured',
      });
      break;
    }
    case 'throughput': {
      const throughput = await context.step('throughput: batched inference', () => measureThroughput(measure, model, dataset));
      verdict = noLimitVerdict('throughput', `${throughput.fps.toFixed(2)} images/s at batch ${throughput.batch}`, throughput.fps, 'FPS');
      Object.assign(parameters, { batch: String(throughput.batch), 'images/s': throughput.fps.toFixed(2) });
      break;
    }
  }
  return { verdict, parameters: { ...parameters, ...verdictParameters(verdict) }, description: describeVerdict(verdict, device) };
}

function emptyMeasurements(part: Partial<VerdictMeasurements>): VerdictMeasurements {
  return { map: null, map50: null, fps: null, p99Ms: null, power: null, ...part };
}

function noBudget(kind: 'fps' | 'p99' | 'power', latency: Awaited<ReturnType<typeof measureLatency>>, deviceType: string): Verdict {
  const value = kind === 'fps' ? latency.stats.fps : kind === 'p99' ? latency.stats.p99Ms : latency.power?.meanW ?? null;
  const unit = kind === 'fps' ? 'FPS' : kind === 'p99' ? 'ms' : 'W';
  if (value === null) return { check: kind, status: 'skipped', value: null, unit, message: 'not measured (no power source readable on this board)' };
  return noLimitVerdict(kind, `${value.toFixed(2)} ${unit}; no ${kind} budget for ${deviceType}`, value, unit);
}

function verdictParameters(verdict: Verdict): Record<string, string> {
  const out: Record<string, string> = { measured: verdict.value === null ? 'not measured' : `${Number(verdict.value.toFixed(4))} ${verdict.unit}`.trim() };
  if (verdict.limit) out.limit = `${verdict.limit.op} ${verdict.limit.value} ${verdict.unit} (${verdict.limit.source})`.replace(/\s+\(/, ' (');
  if (verdict.baseline) out.baseline = `${verdict.baseline.value === null ? 'not measured' : `${Number(verdict.baseline.value.toFixed(4))} ${verdict.baseline.unit ?? verdict.unit}`} (${verdict.baseline.source})`;
  return out;
}
