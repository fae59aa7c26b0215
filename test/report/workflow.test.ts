/**
 * The model-regression workflow: valid by a GitHub workflow linter from npm
 * (@action-validator/core, the JSON schema of workflows), and consistent with the project: the
 * triggers, the hosted local job, the self-hosted board matrix over real device types, and only
 * `hil report` options that exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { Command } from 'commander';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { registerReport } from '../../harness/src/cli/commands/report.js';

const FILE = join(process.cwd(), '.github', 'workflows', 'model-regression.yml');
const source = readFileSync(FILE, 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string | string[];
  if?: string;
  strategy?: { matrix: { device: string } };
  steps: Step[];
}
const workflow = parse(source) as { on: Record<string, { paths?: string[] } | null>; jobs: Record<string, Job> };

describe('model-regression workflow', () => {
  it('passes the workflow linter', () => {
    const state = validateWorkflow(source);
    expect(state.errors).toEqual([]);
  });

  it('is checked by a linter that does find mistakes', () => {
    const broken = source.replace('runs-on: ubuntu-24.04', 'runs_on: ubuntu-24.04').replace('workflow_dispatch:', 'workflow_dispatched:');
    const state = validateWorkflow(broken);
    expect(state.errors.length).toBeGreaterThan(0);
  });

  it('runs on model changes and by hand', () => {
    expect(workflow.on.push?.paths).toEqual(['golden/models/**']);
    expect(workflow.on.pull_request?.paths).toEqual(['golden/models/**']);
    expect(Object.keys(workflow.on)).toContain('workflow_dispatch');
  });

  it('runs the local suite on a hosted runner and publishes JUnit, the report and a summary', () => {
    const local = workflow.jobs.local!;
    expect(String(local['runs-on'])).toMatch(/^ubuntu-/);
    const runs = local.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('apt-get install');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npx hil run --device local');
    expect(runs).toContain('npx hil report --summary >> "$GITHUB_STEP_SUMMARY"');
    expectPublishing(local);
  });

  it('runs the board suites on self-hosted runners labelled by device type', () => {
    const boards = workflow.jobs.boards!;
    expect(boards['runs-on']).toEqual(['self-hosted', 'linux', '${{ matrix.device }}']);
    const defaults = /fromJSON\(inputs\.devices \|\| '(\[.*\])'\)/.exec(boards.strategy!.matrix.device)![1]!;
    const devices = JSON.parse(defaults) as string[];
    expect(devices).toEqual(expect.arrayContaining(['jetson2', 'drivepx2']));
    for (const device of devices) expect(existsSync(join(process.cwd(), 'devices', `${device}.yaml`))).toBe(true);
    // The dispatch default lists the same devices as the push default.
    expect(source).toContain(`default: '${defaults}'`);
    expect(boards.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(boards.steps.map((s) => s.run ?? '').join('\n')).toContain('npx hil run --device "${{ matrix.device }}"');
    expectPublishing(boards);
  });

  it('compares a pull request with its base, other runs with the parent commit', () => {
    expect(source).toContain("COMPARE_TO: ${{ github.event_name == 'pull_request' && format('origin/{0}', github.base_ref) || 'HEAD~1' }}");
    expect(existsSync(join(process.cwd(), 'scripts', 'ci-baselines.sh'))).toBe(true);
  });

  it('uses only hil report options that exist', () => {
    const program = new Command('hil');
    registerReport(program, () => undefined);
    const report = program.commands.find((c) => c.name() === 'report')!;
    const known = new Set(report.options.map((o) => o.long));
    const used = [...source.matchAll(/npx hil report([^\n>]*)/g)].flatMap((m) => [...m[1]!.matchAll(/--[a-z-]+/g)].map((x) => x[0]));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((flag) => !known.has(flag))).toEqual([]);
  });
});

function expectPublishing(job: Job): void {
  const runIndex = job.steps.findIndex((s) => /npx hil run /.test(s.run ?? ''));
  const after = job.steps.slice(runIndex + 1);
  // A failed verdict fails the run step; everything after it must still publish; only the
  // acceptance into the stored baselines waits for a green run on main.
  for (const step of after) {
    if (step.run?.startsWith('scripts/ci-baselines.sh accept')) expect(step.if).toBe("${{ success() && github.ref == 'refs/heads/main' }}");
    else expect(step.if, step.name ?? step.uses).toBe('${{ !cancelled() }}');
  }
  // The gate: every changed model compared with its old version (the PR's base), read from git.
  expect(job.steps[runIndex]!.run).toContain('--compare-to "$COMPARE_TO"');
  expect(job.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!.with).toEqual({ 'fetch-depth': 0 });
  expect(job.steps.slice(0, runIndex).some((s) => s.run?.startsWith('scripts/ci-baselines.sh restore'))).toBe(true);
  expect(after.some((s) => s.uses?.startsWith('mikepenz/action-junit-report@') && s.with?.report_paths === 'reports/junit.xml')).toBe(true);
  expect(after.some((s) => s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.path).includes('reports/allure-report/'))).toBe(true);
  expect(after.some((s) => s.run === 'npx hil report')).toBe(true);
  // History: restored before the run and saved after it, so trends span CI runs.
  expect(job.steps.slice(0, runIndex).some((s) => s.uses?.startsWith('actions/cache/restore@') && s.with?.path === 'reports/allure-history.jsonl')).toBe(true);
  expect(after.some((s) => s.uses?.startsWith('actions/cache/save@') && s.with?.path === 'reports/allure-history.jsonl')).toBe(true);
}
