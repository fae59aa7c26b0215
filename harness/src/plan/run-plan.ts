/**
 * What a run will check, decided before anything runs: for each Playwright project (device ×
 * target) and model, the planned checks. `hil run` writes it to the run folder (`plan.json`); the
 * suites create exactly these tests; at the end every planned check must have one record.
 */
import type { LoadedSuite } from '../config/load-suite.js';
import { ConfigIssuesError, type ConfigIssue } from '../errors.js';
import { budgetsFor, type DeviceProfile } from '../devices/profile-schema.js';
import type { CheckKind } from '../results/check-kinds.js';
import type { RunProject } from '../results/run-env.js';
import { RUNNER_CAPABILITIES } from '../runners/runner-for-target.js';
import { planCompareChecks, planDetectionChecks, planStreamChecks, type PlannedCheck, type TargetContext } from './check-plan.js';
import type { ModelSpec } from '../inference/model-spec.js';
import { withPrecision, type Precision } from '../results/precision.js';

export const PLAN_FORMAT = 'hil-plan/1';

/** One test of the run: a model's check, with the tag that selects it per project. */
export interface PlannedTest extends PlannedCheck {
  /** `hil-3`: the Playwright tag (without `@`) and the plan's key of this (model, check). */
  id: string;
  model: string;
  variant: string;
}

export interface PlannedProject extends RunProject {
  deviceType: string;
  /** Planned tests of this project, by id; `required` may differ per project, so each carries its own. */
  tests: Array<{ id: string; required: boolean; requiredBy?: string }>;
}

/** The models `--compare-to REF` looked at: changed ones are compared, the others listed as they are. */
export interface CompareSet {
  ref: string;
  commit: string;
  models: Array<{
    name: string;
    status: 'changed' | 'unchanged' | 'new';
    newSha256: string;
    oldSha256?: string;
    /** One line on why it has this status. */
    why: string;
    /** The old version: its ONNX file (taken from git) and its manifest entry at REF. */
    old?: { file: string; spec: ModelSpec };
  }>;
}

export interface RunPlan {
  format: typeof PLAN_FORMAT;
  suite: string;
  /** Present with `--compare-to`. */
  compare?: CompareSet;
  /** Every (model, check) some project plans, in suite order. */
  tests: Array<Omit<PlannedTest, 'required' | 'requiredBy'>>;
  projects: PlannedProject[];
}

export interface PlanInput {
  suite: LoadedSuite;
  /** Manifest entries of the suite's models (name, variant, baseline). */
  models: ReadonlyArray<{ name: string; variant: string; baseline?: string | undefined }>;
  projects: ReadonlyArray<RunProject & { profile: DeviceProfile & { file: string } }>;
  /** `--grep`: only planned tests whose `project model title` matches. */
  grep?: RegExp;
  /** `--compare-to REF`: each changed model's interleaved latency and its mAP are compared, required. */
  compare?: CompareSet;
}

/** Required kinds of a project: its device profile's, then the suite's (the first who asks is named). */
function requiredKinds(profile: DeviceProfile, profileFile: string, suite: LoadedSuite): Map<CheckKind, string> {
  const out = new Map<CheckKind, string>();
  profile.required.forEach((kind, i) => out.set(kind, `${profileFile}: required[${i}]`));
  suite.required.forEach((kind, i) => {
    if (!out.has(kind)) out.set(kind, `${suite.file}: required[${i}]`);
  });
  return out;
}

export function planRun(input: PlanInput): RunPlan {
  const issues: ConfigIssue[] = [];
  const tests = new Map<string, RunPlan['tests'][number]>();
  const key = (model: string, kind: CheckKind) => `${model}\u0000${kind}`;
  const projects: PlannedProject[] = [];
  for (const project of input.projects) {
    const profileFile = project.profile.file;
    const target: TargetContext = {
      project: project.name,
      budgets: budgetsFor(project.profile.budgets, project.target),
      budgetSource: profileFile,
      capabilities: RUNNER_CAPABILITIES[project.runner],
      required: requiredKinds(project.profile, profileFile, input.suite),
      requiredBySuite: new Set(input.suite.required),
    };
    const planned: PlannedProject['tests'] = [];
    for (const model of modelRows(input.models, input.suite, project.runner)) {
      const checks = input.suite.stream ? planStreamChecks(target, issues) : planDetectionChecks(input.suite, model, target, issues);
      if (input.compare?.models.some((m) => m.name === model.name && m.status === 'changed')) checks.push(...planCompareChecks(target, input.compare.ref));
      for (const check of checks) {
        if (input.grep && !input.grep.test(`${project.name} ${model.name} ${check.title}`)) continue;
        let test = tests.get(key(model.name, check.kind));
        if (!test) {
          test = { id: `hil-${tests.size + 1}`, model: model.name, variant: model.variant, kind: check.kind, title: check.title, scenario: check.scenario };
          tests.set(key(model.name, check.kind), test);
        }
        planned.push({ id: test.id, required: check.required, ...(check.requiredBy ? { requiredBy: check.requiredBy } : {}) });
      }
    }
    projects.push({ name: project.name, device: project.device, target: project.target, runner: project.runner, deviceType: project.profile.name, tests: planned });
  }
  if (issues.length > 0) throw new ConfigIssuesError(dedupe(issues));
  return { format: PLAN_FORMAT, suite: input.suite.name, ...(input.compare ? { compare: input.compare } : {}), tests: [...tests.values()], projects };
}

/**
 * The rows of a project: on a GPU (trtexec) target, one per precision the suite lists for the
 * model (`vgg@int8`; FP32 keeps the plain name and the model's baseline rules); elsewhere the model
 * as its file is.
 */
function modelRows(models: PlanInput['models'], suite: LoadedSuite, runner: string): Array<{ name: string; variant: string; baseline?: string | undefined; base?: string; precision?: Precision }> {
  if (runner !== 'trtexec') return [...models];
  return models.flatMap((model) =>
    (suite.precisions[model.name] ?? ['fp32']).map((precision) =>
      precision === 'fp32' ? { ...model, precision } : { name: withPrecision(model.name, precision), variant: model.variant, base: model.name, precision },
    ),
  );
}

/** Number of planned checks (a check planned on two projects counts twice). */
export function plannedCount(plan: RunPlan): number {
  return plan.projects.reduce((n, p) => n + p.tests.length, 0);
}

/** The planned tests of one project, with their (model, check) details. */
export function projectTests(plan: RunPlan, projectName: string): PlannedTest[] {
  const byId = new Map(plan.tests.map((t) => [t.id, t]));
  const project = plan.projects.find((p) => p.name === projectName);
  return (project?.tests ?? []).map((t) => ({ ...byId.get(t.id)!, required: t.required, ...(t.requiredBy ? { requiredBy: t.requiredBy } : {}) }));
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.file}\u0000${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Shard `index` of `count` (1-based) of a plan, for `hil run --shard i/n` across CI machines: whole
 * (project, model) groups dealt out in turn, so a model's checks stay on one board, and each
 * shard's gate expects exactly the checks it ran.
 */
export function shardPlan(plan: RunPlan, index: number, count: number): RunPlan {
  const modelOf = new Map(plan.tests.map((t) => [t.id, t.model]));
  const groups: string[] = [];
  for (const p of plan.projects) for (const t of p.tests) if (!groups.includes(`${p.name}\u0000${modelOf.get(t.id)}`)) groups.push(`${p.name}\u0000${modelOf.get(t.id)}`);
  const mine = new Set(groups.filter((_, i) => i % count === index - 1));
  return { ...plan, projects: plan.projects.map((p) => ({ ...p, tests: p.tests.filter((t) => mine.has(`${p.name}\u0000${modelOf.get(t.id)}`)) })) };
}

/** `--shard i/n` as numbers, or a config error naming the flag. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new ConfigIssuesError([{ file: '--shard', path: '', message: `expected i/n with 1 <= i <= n, received "${text}"` }]);
  }
  return { index, count };
}
