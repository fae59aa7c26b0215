import { describe, expect, it } from 'vitest';
import type { RunPlan } from '../plan/run-plan.js';
import type { CheckRecord } from '../results/check-record.js';
import { decideRun } from './decide-run.js';

const plan: RunPlan = {
  format: 'hil-plan/1',
  suite: 'detection',
  tests: [
    { id: 'hil-1', model: 'm', variant: 'baseline', kind: 'fps', title: 'single-stream: FPS', scenario: 'single-stream' },
    { id: 'hil-2', model: 'm', variant: 'baseline', kind: 'power', title: 'single-stream: mean power', scenario: 'single-stream' },
  ],
  projects: [
    { name: 'jetson2', device: 'jetson2', target: 'cpu', runner: 'ort-agent', deviceType: 'jetson2', tests: [{ id: 'hil-1', required: false }, { id: 'hil-2', required: true, requiredBy: 'devices/jetson2.yaml: required[0]' }] },
  ],
};

function record(check: string, status: CheckRecord['status'], over: Partial<CheckRecord> = {}): CheckRecord {
  return {
    runId: 'r', suite: 'detection', project: 'jetson2', model: 'm', variant: 'baseline', device: 'jetson2', board: 'tx2-01', target: 'cpu',
    check, title: check, status, required: false, emulated: true, verdict: { check, status, value: status === 'skipped' ? null : 1, unit: 'W', message: status === 'skipped' ? 'not measured: tegrastats gave no power rails' : 'ok' }, durationMs: 5, ...over,
  };
}

describe('decideRun: green means decided', () => {
  it('every planned check decided: exit 0 and planned = decided', () => {
    const d = decideRun({ plan, records: [record('fps', 'passed'), record('power', 'passed')], playwrightExitCode: 0, runId: 'r' });
    expect(d).toMatchObject({ planned: 2, decided: 2, exitCode: 0, problems: [] });
    expect(d.counts).toEqual({ passed: 2, failed: 0, broken: 0, skipped: 0, invalid: 0 });
  });

  it('a required check that was not measured is broken, with the reason and who requires it on one line', () => {
    const d = decideRun({ plan, records: [record('fps', 'passed'), record('power', 'skipped')], playwrightExitCode: 0, runId: 'r' });
    expect(d.exitCode).toBe(2);
    expect(d.decided).toBe(1);
    const power = d.records.find((r) => r.check === 'power')!;
    expect(power).toMatchObject({ status: 'broken', errorCode: 'HIL_REQUIRED_NOT_DECIDED', required: true });
    expect(power.error).toBe('power is required (devices/jetson2.yaml: required[0]) but was not decided: not measured: tegrastats gave no power rails');
    // The same record not required would be a decided skip.
    expect(decideRun({ plan: { ...plan, projects: [{ ...plan.projects[0]!, tests: [{ id: 'hil-1', required: false }, { id: 'hil-2', required: false }] }] }, records: [record('fps', 'passed'), record('power', 'skipped')], playwrightExitCode: 0, runId: 'r' }).exitCode).toBe(0);
  });

  it('a required check still invalid after re-measuring is broken too', () => {
    const d = decideRun({ plan, records: [record('fps', 'passed'), record('power', 'invalid', { verdict: { check: 'power', status: 'invalid', value: 9, unit: 'W', message: 'invalid measurement: thermal: GPU 91 °C over the 85 °C limit' } })], playwrightExitCode: 0, runId: 'r' });
    expect(d.exitCode).toBe(2);
    expect(d.records[1]!.error).toMatch(/but was still invalid after re-measuring: invalid measurement: thermal/);
  });

  it('a planned check with no record is broken: a worker that died lost it', () => {
    const d = decideRun({ plan, records: [record('fps', 'passed')], playwrightExitCode: 1, runId: 'r' });
    expect(d.exitCode).toBe(2);
    expect(d.planned).toBe(2);
    expect(d.decided).toBe(1);
    expect(d.records[1]).toMatchObject({ check: 'power', status: 'broken', errorCode: 'HIL_CHECK_NOT_RECORDED', project: 'jetson2', model: 'm' });
    expect(d.records[1]!.error).toMatch(/planned but no result was recorded.*Playwright exited 1/);
  });

  it('Playwright failing while every record passed is a run problem (exit 2), not green', () => {
    const d = decideRun({ plan, records: [record('fps', 'passed'), record('power', 'passed')], playwrightExitCode: 1, outputTail: 'Error: reporter crashed', runId: 'r' });
    expect(d.exitCode).toBe(2);
    expect(d.problems).toEqual([{ code: 'HIL_RUNNER_FAILED', message: 'Playwright exited 1 although no check failed or broke: Error: reporter crashed' }]);
    // A failed verdict explains a non-zero exit: exit 1.
    expect(decideRun({ plan, records: [record('fps', 'failed'), record('power', 'passed')], playwrightExitCode: 1, runId: 'r' })).toMatchObject({ exitCode: 1, problems: [] });
  });

  it('checks a user added in their own spec are reported and counted, but not planned', () => {
    const d = decideRun({ plan, records: [record('fps', 'passed'), record('power', 'passed'), record('my-check', 'failed')], playwrightExitCode: 1, runId: 'r' });
    expect(d.records.map((r) => r.check)).toEqual(['fps', 'power', 'my-check']);
    expect(d).toMatchObject({ planned: 2, decided: 2, exitCode: 1 });
  });
});
