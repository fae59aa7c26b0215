import type { LoadedSuite } from '../config/load-suite.js';
import type { ConfigIssue } from '../errors.js';
import type { Budgets } from '../devices/profile-schema.js';
import { CHECK_INFO, type CheckKind, type Scenario } from '../results/check-kinds.js';
import type { Capability } from '../runners/runner-for-target.js';
import type { Precision } from '../results/precision.js';

/** MLPerf's rule for reduced-precision results: at least 99% of the FP32 accuracy. */
export const DEFAULT_MAP50_RATIO_VS_FP32 = 0.99;

export interface PlannedCheck {
  kind: CheckKind;
  /** Test title; stable across runs and boards so Allure history follows it. */
  title: string;
  scenario: Scenario;
  /** Must be decided (passed or failed): skipped, not measured or invalid is then broken. */
  required: boolean;
  /** Who requires it, `file: field` (for the one-line reason when it is not decided). */
  requiredBy?: string;
}

/** What one device target offers a model's checks: its limits, what its runner measures, what it requires. */
export interface TargetContext {
  /** `jetson2`, `jetson2:igpu`: for messages. */
  project: string;
  budgets: Omit<Budgets, 'byTarget'>;
  /** The profile file, relative to the project (`devices/jetson2.yaml`). */
  budgetSource: string;
  capabilities: readonly Capability[];
  /** Required check kinds and who requires each (`devices/jetson2.yaml: required[0]`). */
  required: ReadonlyMap<CheckKind, string>;
  /**
   * Of those, the ones the suite itself requires. A device's requirement holds for the scenarios a
   * suite runs (an accuracy-only suite on a TX2 has no power to decide); a suite's own must be decidable.
   */
  requiredBySuite: ReadonlySet<CheckKind>;
}

const CAPABILITY: Readonly<Record<Scenario, Capability | null>> = {
  accuracy: 'accuracy',
  'single-stream': 'single-stream',
  throughput: 'throughput',
  stream: 'stream',
  compare: 'single-stream',
};

function planned(kind: CheckKind, required: ReadonlyMap<CheckKind, string>): PlannedCheck {
  const by = required.get(kind);
  return { kind, title: CHECK_INFO[kind].title, scenario: CHECK_INFO[kind].scenario, required: by !== undefined, ...(by ? { requiredBy: by } : {}) };
}

/**
 * The checks of one model on one device target, from data only (suite file, manifest, profile).
 * A check is planned where it has a limit and the target's runner can measure it; a required check
 * is planned even where the runner cannot measure it (it then ends broken, saying why). A figure
 * without a limit is not a check: it is recorded with the model, never counted as passed. A required
 * check without a limit is a config problem (it could never be decided), reported in `issues`.
 */
export function planDetectionChecks(
  suite: LoadedSuite,
  model: { name: string; baseline?: string | undefined; base?: string; precision?: Precision },
  target: TargetContext,
  issues: ConfigIssue[],
): PlannedCheck[] {
  // A precision row (`vgg@int8`) has its model's tolerances, plus the rule against its own FP32.
  const toleranceOf = model.base ?? model.name;
  const tolerance = suite.tolerances[toleranceOf] ?? {};
  const reduced = model.precision !== undefined && model.precision !== 'fp32';
  const enabled: Record<Scenario, boolean> = {
    accuracy: suite.scenarios.accuracy,
    'single-stream': suite.scenarios.singleStream,
    throughput: suite.scenarios.throughput,
    stream: false,
    compare: false,
  };
  const hasBaseline = model.baseline !== undefined;
  const limits: Partial<Record<CheckKind, number | undefined>> = {
    map: tolerance.mapMin,
    map50: tolerance.map50Min,
    'map-drop': hasBaseline ? tolerance.mapDropMaxPoints : undefined,
    'map50-drop': hasBaseline ? tolerance.map50DropMaxPoints : undefined,
    'map50-vs-fp32': reduced ? (tolerance.map50MinRatioVsFp32 ?? DEFAULT_MAP50_RATIO_VS_FP32) : undefined,
    fps: target.budgets.fpsMin,
    p99: target.budgets.p99MaxMs,
    power: target.budgets.powerMaxW,
    throughput: target.budgets.throughputFpsMin,
    'latency-regression': suite.latencyRegression.minShiftPct,
  };
  return planKinds(Object.keys(limits) as CheckKind[], limits, enabled, target, issues, (kind) => limitField(kind, suite.file, toleranceOf, target.budgetSource));
}

/** The checks of one model in a stream suite: processed FPS and glass-to-glass p99 where budgeted. */
export function planStreamChecks(target: TargetContext, issues: ConfigIssue[]): PlannedCheck[] {
  const limits: Partial<Record<CheckKind, number | undefined>> = { 'stream-fps': target.budgets.streamFpsMin, 'stream-p99': target.budgets.streamP99MaxMs };
  const enabled = { accuracy: false, 'single-stream': false, throughput: false, stream: true, compare: false };
  return planKinds(['stream-fps', 'stream-p99'], limits, enabled, target, issues, (kind) => `${target.budgetSource}: budgets.${kind === 'stream-fps' ? 'streamFpsMin' : 'streamP99MaxMs'}`);
}

/**
 * The checks `--compare-to REF` adds for a changed model: its latency against the old version's
 * (interleaved on the same board) wherever the runner times queries, its mAP@.5 wherever it makes
 * detections. Both are required: a comparison that could not run must not read as green.
 */
export function planCompareChecks(target: TargetContext, ref: string): PlannedCheck[] {
  const out: PlannedCheck[] = [];
  const by = `--compare-to ${ref}`;
  if (target.capabilities.includes('single-stream')) out.push({ ...planned('compare-latency', new Map()), required: true, requiredBy: by });
  if (target.capabilities.includes('accuracy')) out.push({ ...planned('compare-map50', new Map()), required: true, requiredBy: by });
  return out;
}

function planKinds(
  kinds: readonly CheckKind[],
  limits: Partial<Record<CheckKind, number | undefined>>,
  enabled: Record<Scenario, boolean>,
  target: TargetContext,
  issues: ConfigIssue[],
  field: (kind: CheckKind) => string,
): PlannedCheck[] {
  const out: PlannedCheck[] = [];
  for (const kind of kinds) {
    const scenario = CHECK_INFO[kind].scenario;
    const capable = target.capabilities.includes(CAPABILITY[scenario]!);
    const hasLimit = limits[kind] !== undefined;
    const required = enabled[scenario] || target.requiredBySuite.has(kind) ? target.required.get(kind) : undefined;
    if (required && (!hasLimit || !enabled[scenario])) {
      const [file, ...rest] = required.split(': ');
      issues.push({
        file: file!,
        path: rest.join(': ') || 'required',
        message: `${kind} is required on ${target.project} but can never be decided there: ${!enabled[scenario] ? `the suite turns the ${scenario} scenario off` : `it has no limit (${field(kind)})`}`,
      });
      continue;
    }
    if (hasLimit && enabled[scenario] && (capable || required)) out.push(planned(kind, target.required));
  }
  return out;
}

function limitField(kind: CheckKind, suiteFile: string, model: string, profile: string): string {
  switch (kind) {
    case 'map':
      return `${suiteFile}: tolerances.${model}.mapMin`;
    case 'map50':
      return `${suiteFile}: tolerances.${model}.map50Min`;
    case 'map-drop':
      return `${suiteFile}: tolerances.${model}.mapDropMaxPoints`;
    case 'map50-drop':
      return `${suiteFile}: tolerances.${model}.map50DropMaxPoints`;
    case 'map50-vs-fp32':
      return `${suiteFile}: tolerances.${model}.map50MinRatioVsFp32`;
    case 'fps':
      return `${profile}: budgets.fpsMin`;
    case 'p99':
      return `${profile}: budgets.p99MaxMs`;
    case 'power':
      return `${profile}: budgets.powerMaxW`;
    case 'throughput':
      return `${profile}: budgets.throughputFpsMin`;
    default:
      return `${suiteFile}: latencyRegression`;
  }
}
