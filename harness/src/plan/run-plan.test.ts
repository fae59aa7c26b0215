import { describe, expect, it } from 'vitest';
import { suiteSchema } from '../config/suite-schema.js';
import type { LoadedSuite } from '../config/load-suite.js';
import { profileSchema, type DeviceProfile } from '../devices/profile-schema.js';
import { ConfigIssuesError } from '../errors.js';
import type { RunProject } from '../results/run-env.js';
import { projectGrep } from './read-plan.js';
import { parseShard, plannedCount, planRun, projectTests, shardPlan } from './run-plan.js';

const suite = (data: object): LoadedSuite => ({ ...suiteSchema.parse({ dataset: 'd', models: ['a', 'b'], ...data }), name: 'detection', file: 'suites/detection.suite.yaml' });
const profile = (data: object): DeviceProfile & { file: string } => ({
  ...profileSchema.parse({ name: 'jetson2', targets: ['cpu', 'igpu'], runners: ['ort-agent', 'trtexec'], power: { source: 'tegrastats' }, ...data }),
  file: 'devices/jetson2.yaml',
});
const cpu: RunProject = { name: 'jetson2', device: 'jetson2', target: 'cpu', runner: 'ort-agent' };
const igpu: RunProject = { name: 'jetson2:igpu', device: 'jetson2', target: 'igpu', runner: 'trtexec' };
const models = [
  { name: 'a', variant: 'baseline' },
  { name: 'b', variant: 'pruned', baseline: 'a' },
];

describe('planRun', () => {
  const tolerances = { a: { map50Min: 0.7 }, b: { map50Min: 0.7, map50DropMaxPoints: 1 } };

  it('plans a check only where it has a limit and the runner can measure it; figures are not checks', () => {
    const p = profile({ budgets: { fpsMin: 14, powerMaxW: 15, byTarget: { igpu: { fpsMin: 25 } } } });
    const plan = planRun({ suite: suite({ tolerances }), models, projects: [{ ...cpu, profile: p }, { ...igpu, profile: p }] });
    const kinds = (project: string, model: string) => projectTests(plan, project).filter((t) => t.model === model).map((t) => t.kind);
    // No p99 budget, no throughput budget: neither is a check. Latency vs the stored baseline has its rule in the suite.
    expect(kinds('jetson2', 'a')).toEqual(['map50', 'fps', 'power', 'latency-regression']);
    expect(kinds('jetson2', 'b')).toEqual(['map50', 'map50-drop', 'fps', 'power', 'latency-regression']);
    // trtexec's exported outputs give detections: accuracy is planned on the GPU too.
    expect(kinds('jetson2:igpu', 'a')).toEqual(['map50', 'fps', 'power', 'latency-regression']);
    expect(plannedCount(plan)).toBe(4 + 5 + 4 + 5);
    // One test per (model, check), shared by the projects that plan it.
    expect(plan.tests.filter((t) => t.model === 'a' && t.kind === 'fps')).toHaveLength(1);
  });

  it('precision rows: one per listed precision on GPU targets only, each reduced one held to its FP32 row', () => {
    const p = profile({ budgets: { fpsMin: 14 } });
    const plan = planRun({ suite: suite({ tolerances, precisions: { b: ['fp32', 'fp16', 'int8'] } }), models, projects: [{ ...cpu, profile: p }, { ...igpu, profile: p }] });
    const rows = (project: string) => [...new Set(projectTests(plan, project).map((t) => t.model))];
    // The CPU runs the model as its file is; the GPU has a row per precision (FP32 keeps the plain name).
    expect(rows('jetson2')).toEqual(['a', 'b']);
    expect(rows('jetson2:igpu')).toEqual(['a', 'b', 'b@fp16', 'b@int8']);
    const kinds = (model: string) => projectTests(plan, 'jetson2:igpu').filter((t) => t.model === model).map((t) => t.kind);
    // FP32 keeps its baseline-model rule; reduced rows get the FP32 rule (0.99 by default) instead.
    expect(kinds('b')).toEqual(['map50', 'map50-drop', 'fps', 'latency-regression']);
    expect(kinds('b@int8')).toEqual(['map50', 'map50-vs-fp32', 'fps', 'latency-regression']);
  });

  it('marks required checks with who requires them, and plans them even where the runner cannot measure', () => {
    const p = profile({ budgets: { fpsMin: 14, powerMaxW: 15 }, required: ['power'] });
    const plan = planRun({ suite: suite({ tolerances, required: ['map50'] }), models, projects: [{ ...cpu, profile: p }, { ...igpu, profile: p }] });
    const power = projectTests(plan, 'jetson2').find((t) => t.kind === 'power')!;
    expect(power).toMatchObject({ required: true, requiredBy: 'devices/jetson2.yaml: required[0]' });
    // Required by the suite on every device: on the GPU it is planned (and will be broken, saying why).
    expect(projectTests(plan, 'jetson2:igpu').find((t) => t.kind === 'map50')).toMatchObject({ required: true, requiredBy: 'suites/detection.suite.yaml: required[0]' });
  });

  it('a required check without a limit is a config problem naming the file and field', () => {
    const p = profile({ budgets: { fpsMin: 14 }, required: ['power'] });
    const error = (() => {
      try {
        planRun({ suite: suite({ tolerances }), models, projects: [{ ...cpu, profile: p }] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigIssuesError);
    expect((error as Error).message).toBe('devices/jetson2.yaml: required[0]: power is required on jetson2 but can never be decided there: it has no limit (devices/jetson2.yaml: budgets.powerMaxW)');
  });

  it("a device's requirement holds for the scenarios the suite runs; a suite's own must be decidable", () => {
    const p = profile({ budgets: { powerMaxW: 15 }, required: ['power'] });
    const accuracyOnly = suite({ tolerances, scenarios: { accuracy: true, singleStream: false, throughput: false } });
    const plan = planRun({ suite: accuracyOnly, models, projects: [{ ...cpu, profile: p }] });
    expect(projectTests(plan, 'jetson2').map((t) => t.kind)).toEqual(['map50', 'map50', 'map50-drop']);
    expect(() => planRun({ suite: { ...accuracyOnly, required: ['power'] }, models, projects: [{ ...cpu, profile: { ...p, required: [] } }] })).toThrow(
      /suites\/detection\.suite\.yaml: required\[0\]: power is required on jetson2 but can never be decided there: the suite turns the single-stream scenario off/,
    );
  });

  it('--grep narrows the plan itself, so the gate expects exactly what runs', () => {
    const p = profile({ budgets: { fpsMin: 14 } });
    const plan = planRun({ suite: suite({ tolerances }), models, projects: [{ ...cpu, profile: p }], grep: /FPS/ });
    expect(projectTests(plan, 'jetson2').map((t) => `${t.model} ${t.kind}`)).toEqual(['a fps', 'b fps']);
  });

  it('shards deal whole (project, model) groups, together covering the plan exactly once', () => {
    const p = profile({ budgets: { fpsMin: 14, p99MaxMs: 80 } });
    const plan = planRun({ suite: suite({ tolerances }), models, projects: [{ ...cpu, profile: p }, { ...igpu, profile: p }] });
    const shards = [1, 2, 3].map((i) => shardPlan(plan, i, 3));
    expect(shards.reduce((n, s) => n + plannedCount(s), 0)).toBe(plannedCount(plan));
    for (const s of shards) {
      for (const project of s.projects) {
        const models = new Set(projectTests(s, project.name).map((t) => t.model));
        for (const m of models) expect(projectTests(s, project.name).filter((t) => t.model === m)).toEqual(projectTests(plan, project.name).filter((t) => t.model === m));
      }
    }
    expect(() => parseShard('0/2')).toThrow(/--shard: expected i\/n/);
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
  });

  it('each project runs exactly its tests, selected by their tags', () => {
    const p = profile({ budgets: { fpsMin: 14 } });
    const plan = planRun({ suite: suite({ tolerances }), models, projects: [{ ...cpu, profile: p }, { ...igpu, profile: p }] });
    const grep = projectGrep(plan, 'jetson2:igpu');
    const tagged = (id: string) => `jetson2:igpu detection.spec.ts a title @${id}`;
    for (const t of plan.tests) expect(grep.test(tagged(t.id)), t.id).toBe(projectTests(plan, 'jetson2:igpu').some((x) => x.id === t.id));
    // hil-1 must not select hil-10.
    expect(new RegExp(projectGrep({ ...plan, projects: [{ ...plan.projects[0]!, tests: [{ id: 'hil-1', required: false }] }] }, 'jetson2').source).test('x @hil-10')).toBe(false);
    expect(projectGrep(plan, 'nope').test('anything @hil-1')).toBe(false);
  });
});
