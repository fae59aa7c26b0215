import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempProject, repoRoot, runHil, type TempProject } from '../support/temp-project.js';

// Black-box: a run whose Playwright runner dies halfway must not be green. The spec file is the
// project's own (users extend it), so a test project can kill the runner at a chosen check.
describe('hil run: green means decided', () => {
  let project: TempProject;
  beforeAll(() => {
    project = createTempProject();
    const spec = readFileSync(path.join(repoRoot, 'suites', 'detection.spec.ts'), 'utf8').replace(
      'await runSuiteCheck(',
      "if (check.kind === 'p99') process.kill(process.ppid, 'SIGKILL');\n        await runSuiteCheck(",
    );
    project.write('suites/detection.spec.ts', spec);
  });
  afterAll(() => project.cleanup());

  it('a runner killed halfway leaves planned checks unrecorded: they are broken and the run exits 2', async () => {
    const result = await runHil(project.dir, ['run', '--json']);
    expect(result.code, result.stderr).toBe(2);
    const doc = JSON.parse(result.stdout) as { planned: number; decided: number; decision: string; checks: Array<{ check: string; status: string; errorCode?: string; error?: string }> };
    // map50, fps, p99, throughput, latency-regression are planned for tiny-ssd on local.
    expect(doc.planned).toBe(5);
    const byCheck = Object.fromEntries(doc.checks.map((c) => [c.check, c]));
    expect(byCheck.map50!.status).toBe('passed');
    for (const lost of ['p99', 'throughput', 'latency-regression']) {
      expect(byCheck[lost], lost).toMatchObject({ status: 'broken', errorCode: 'HIL_CHECK_NOT_RECORDED' });
    }
    expect(doc.decided).toBeLessThanOrEqual(2);
    expect(doc.decision).toMatch(/^planned 5, decided [0-2]: .*broken/);
    // JUnit holds the lost checks too, as errors.
    const junit = readFileSync(path.join(project.dir, 'reports', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/name="tiny-ssd › latency-regression".*<error [^>]*type="HIL_CHECK_NOT_RECORDED"/);
    // And so does Allure: a broken result for each check that left none.
    const allure = path.join(project.dir, 'reports', 'allure-results');
    const { readdirSync } = await import('node:fs');
    const results = readdirSync(allure).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(path.join(allure, f), 'utf8')) as { status: string; statusDetails?: { message?: string } });
    expect(results.filter((r) => r.statusDetails?.message?.includes('HIL_CHECK_NOT_RECORDED')).length).toBeGreaterThanOrEqual(3);
  });
});
