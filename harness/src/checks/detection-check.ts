import path from 'node:path';
import type { LoadedSuite } from '../config/load-suite.js';
import type { ResolvedHilConfig } from '../config/define-config.js';
import { baselineKey, readBaseline } from '../baselines/baseline-store.js';
import { decideVerdicts, type VerdictMeasurements, type VerdictRules } from '../metrics/verdicts.js';
import type { CheckKind, Scenario } from '../results/check-kinds.js';
import type { Verdict } from '../results/check-result.js';
import type { RunEnv } from '../results/run-env.js';
import type { DeviceSession } from '../sessions/device-session.js';
import { attachAccuracy, attachKernelUtilisation, attachLatency } from './check-attachments.js';
import type { CheckContext } from './check-context.js';
import { measureAccuracy, measureLatency, measureThroughput, type LatencyMeasurement, type MeasureContext } from './measure-model.js';
import type { MeasurementStore } from './measurement-store.js';
import { checkSubject, runContextFor, type CheckSubject } from './run-context.js';
import { describeVerdict, notMeasured, verdictParameters } from './verdict-helpers.js';
import { DEFAULT_MAP50_RATIO_VS_FP32 } from '../plan/check-plan.js';
import { PRECISION_LABEL, splitPrecision } from '../results/precision.js';

export interface CheckInput {
  suite: LoadedSuite;
  check: { kind: CheckKind; scenario: Scenario };
  modelName: string;
  device: DeviceSession;
  run: { env: RunEnv; config: ResolvedHilConfig; store: MeasurementStore };
  context: CheckContext;
  /** Every check the plan holds for this model on this project: figures of other kinds ride along. */
  planned: ReadonlySet<CheckKind>;
}

export interface CheckOutcome {
  verdict: Verdict;
  parameters: Record<string, string>;
  description: string;
}

const EMPTY: VerdictMeasurements = { map: null, map50: null, fps: null, p99Ms: null, power: null };

/** Measures what a check needs (memoised per run) and decides its verdict against its one limit. */
export async function runCheck(input: CheckInput): Promise<CheckOutcome> {
  const { suite, check, modelName, device, run, context } = input;
  const subject = await checkSubject(run.config, { modelName, datasetDir: suite.dataset, device });
  const { model } = subject;
  const parameters: Record<string, string> = { runner: device.runner, model: `${model.name} (${model.sha256.slice(0, 12)})` };
  if (device.emulated) parameters.emulated = 'yes: an emulated board or target, not real hardware';
  const measure: MeasureContext = { device, store: run.store, runDir: run.env.runDir, config: run.config };
  // A precision row (`vgg@int8`) is held to its model's tolerances.
  const { model: toleranceName, precision } = splitPrecision(modelName);
  const rules: VerdictRules = { ...subject.budgets, budgetSource: subject.budgetSource, toleranceSource: `${suite.file} tolerances.${toleranceName}` };
  const decide = (m: Partial<VerdictMeasurements>, only: Partial<VerdictRules>): Verdict => {
    const verdict = decideVerdicts({ ...EMPTY, ...m }, { ...only, budgetSource: rules.budgetSource, toleranceSource: rules.toleranceSource })[0];
    if (!verdict) throw new Error(`no limit for ${check.kind} on ${device.deviceType}/${device.target}: the plan should not have planned it`);
    return verdict;
  };
  let verdict: Verdict;

  const noAccuracy = device.notMeasured?.accuracy;
  if (noAccuracy && check.scenario === 'accuracy') {
    verdict = notMeasured(check.kind, check.kind.includes('drop') ? 'points' : check.kind === 'map' ? 'AP@[.5:.95]' : 'AP@.5', noAccuracy);
    return finish(verdict, parameters, device);
  }

  switch (check.kind) {
    case 'map':
    case 'map50': {
      const accuracy = await context.step('accuracy: run every golden image once', () => measureAccuracy(measure, model, subject.dataset));
      await attachAccuracy(context, accuracy, subject.dataset, suite.overlays);
      const tolerance = suite.tolerances[toleranceName] ?? {};
      verdict = decide({ map: accuracy.map, map50: accuracy.map50 }, check.kind === 'map' ? { mapMin: tolerance.mapMin } : { map50Min: tolerance.map50Min });
      Object.assign(parameters, { 'mAP@[.5:.95]': accuracy.map.toFixed(4), 'mAP@.5': accuracy.map50.toFixed(4), images: String(accuracy.images) });
      break;
    }
    case 'map-drop':
    case 'map50-drop': {
      const baselineModel = await runContextFor(run.config).model(model.baseline!);
      const candidate = await context.step('accuracy: candidate', () => measureAccuracy(measure, model, subject.dataset));
      const baseline = await context.step(`accuracy: baseline model ${baselineModel.name}`, () => measureAccuracy(measure, baselineModel, subject.dataset));
      await attachKernelUtilisation(context, model);
      const source = `${baselineModel.name} on ${device.board}`;
      const tolerance = suite.tolerances[toleranceName] ?? {};
      verdict =
        check.kind === 'map-drop'
          ? decide({ map: candidate.map, baselineMap: { value: baseline.map, source } }, { mapDropMaxPoints: tolerance.mapDropMaxPoints })
          : decide({ map50: candidate.map50, baselineMap50: { value: baseline.map50, source } }, { map50DropMaxPoints: tolerance.map50DropMaxPoints });
      Object.assign(parameters, {
        'mAP@.5': candidate.map50.toFixed(4),
        'mAP@[.5:.95]': candidate.map.toFixed(4),
        [`${baselineModel.name} mAP@.5`]: baseline.map50.toFixed(4),
        [`${baselineModel.name} mAP@[.5:.95]`]: baseline.map.toFixed(4),
      });
      break;
    }
    case 'map50-vs-fp32': {
      const fp32Model = await runContextFor(run.config).model(toleranceName);
      const label = PRECISION_LABEL[precision ?? 'fp32'];
      const candidate = await context.step(`accuracy: ${label}`, () => measureAccuracy(measure, model, subject.dataset));
      const fp32 = await context.step('accuracy: the same model in FP32, same target', () => measureAccuracy(measure, fp32Model, subject.dataset));
      const minRatio = suite.tolerances[toleranceName]?.map50MinRatioVsFp32 ?? DEFAULT_MAP50_RATIO_VS_FP32;
      verdict = decide({ map50: candidate.map50, fp32Map50: { value: fp32.map50, source: `${toleranceName} at FP32 on ${device.board} ${device.target}` } }, { map50MinRatioVsFp32: minRatio });
      Object.assign(parameters, { [`mAP@.5 ${label}`]: candidate.map50.toFixed(4), 'mAP@.5 FP32': fp32.map50.toFixed(4), [`${label} ÷ FP32`]: (candidate.map50 / fp32.map50).toFixed(4) });
      break;
    }
    case 'fps':
    case 'p99':
    case 'power':
    case 'latency-regression': {
      const latency = await context.step('single-stream: warm up, then time until both minimums hold', () => measureLatency(measure, model, subject.dataset));
      await attachLatency(context, check.kind, latency, model.name, subject.budgets);
      verdict = await latencyVerdict(check.kind, latency, subject, input, decide);
      // A throttled or contended measurement decides nothing (it was re-measured first); a check that had nothing to decide stays skipped.
      if (latency.invalid && verdict.status !== 'skipped') verdict = { ...verdict, status: 'invalid', message: `${latency.invalid}; measured: ${verdict.message}` };
      Object.assign(parameters, latencyParameters(latency, device));
      if (check.kind === 'fps') Object.assign(parameters, await throughputFigure(input, measure, subject));
      break;
    }
    case 'throughput': {
      const throughput = await context.step('throughput: batched inference', () => measureThroughput(measure, model, subject.dataset));
      verdict = decide({ throughputFps: throughput.fps }, { throughputFpsMin: subject.budgets.throughputFpsMin });
      Object.assign(parameters, { batch: String(throughput.batch), 'images/s': throughput.fps.toFixed(2) });
      break;
    }
    default:
      throw new Error(`check ${check.kind} is not a detection check`);
  }
  return finish(verdict, parameters, device);
}

function finish(verdict: Verdict, parameters: Record<string, string>, device: DeviceSession): CheckOutcome {
  return { verdict, parameters: { ...parameters, ...verdictParameters(verdict) }, description: describeVerdict(verdict, device) };
}

async function latencyVerdict(
  kind: 'fps' | 'p99' | 'power' | 'latency-regression',
  latency: LatencyMeasurement,
  subject: CheckSubject,
  input: CheckInput,
  decide: (m: Partial<VerdictMeasurements>, only: Partial<VerdictRules>) => Verdict,
): Promise<Verdict> {
  const { device, run, suite } = input;
  const power = latency.power ? { meanW: latency.power.meanW, source: latency.power.source } : null;
  if (kind === 'fps') return decide({ fps: latency.stats.fps }, { fpsMin: subject.budgets.fpsMin });
  if (kind === 'p99') return decide({ p99Ms: latency.stats.p99Ms }, { p99MaxMs: subject.budgets.p99MaxMs });
  if (kind === 'power') {
    const on = subject.budgets.powerOn;
    const measured = subject.profile.power.source;
    if (on && on !== measured) {
      const figure = power ? ` (${power.meanW.toFixed(2)} W from ${power.source}: recorded, not checked)` : '';
      return notMeasured('power', 'W', `not measured against the budget: ${subject.budgetSource} budgets.powerMaxW is for ${on}, and ${device.deviceType}'s power.source is ${measured}${figure}`);
    }
    const verdict = decide({ power }, { powerMaxW: subject.budgets.powerMaxW });
    return verdict.value === null ? { ...verdict, message: latency.powerNote ?? `not measured: no power source readable on ${device.board}` } : verdict;
  }
  const baselinesDir = path.resolve(run.config.rootDir, run.config.baselinesDir);
  const stored = await readBaseline(baselinesDir, baselineKey(device.deviceType, device.target), subject.model.name);
  if (!stored) return notMeasured('latency-regression', '%', `no stored baseline for ${subject.model.name} on ${device.deviceType} (accept one with \`hil baseline update\`)`);
  return decide(
    {
      latencySamplesMs: latency.samplesMs,
      baselineLatency: {
        samplesMs: stored.latencySamplesMs,
        runMediansMs: stored.runs?.map((r) => r.medianMs),
        // Where each accepted run's samples start in the pooled list: no block straddles two runs.
        runStarts: (stored.runs ?? []).reduce<number[]>((starts, r, i, runs) => [...starts, i === 0 ? 0 : starts[i - 1]! + runs[i - 1]!.samplesMs.length], []),
        source: `${run.config.baselinesDir}/${device.deviceType}/${subject.model.name}.json (${stored.runs?.length ?? 1} accepted run(s), latest ${stored.runId})`,
      },
    },
    { latencyRegression: suite.latencyRegression },
  );
}

function latencyParameters(latency: LatencyMeasurement, device: DeviceSession): Record<string, string> {
  return {
    n: String(latency.stats.n),
    'median ms': latency.stats.medianMs.toFixed(3),
    'p99 ms': latency.stats.p99Ms.toFixed(3),
    FPS: latency.stats.fps.toFixed(2),
    'mean W': latency.power ? `${latency.power.meanW.toFixed(2)} (${latency.power.source})` : (latency.powerNote ?? `not measured on ${device.board}`),
    ...(latency.attempts > 1 ? { attempts: `${latency.attempts} (re-measured: ${latency.invalidReasons.join('; ')})` } : {}),
  };
}

/**
 * Batched throughput where the device has no throughput limit: a figure, not a check. It rides
 * along with the FPS check (same family), is recorded with the model and shown as a parameter.
 */
async function throughputFigure(input: CheckInput, measure: MeasureContext, subject: CheckSubject): Promise<Record<string, string>> {
  if (!input.suite.scenarios.throughput || input.planned.has('throughput') || input.device.notMeasured?.throughput) return {};
  const t = await input.context.step('throughput (figure: no limit on this device)', () => measureThroughput(measure, subject.model, subject.dataset));
  return { 'throughput (figure)': `${t.fps.toFixed(2)} images/s at batch ${t.batch}` };
}
