import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestResultHistoryId } from 'allure-js-commons/sdk/reporter';
import { afterEach, describe, expect, it } from 'vitest';
import { describeCheckForAllure, formatMeasured } from '../../harness/src/report/allure/check-description.js';
import { classifyFailedResult, hilStatusListener } from '../../harness/src/report/allure/status-listener.js';
import { scanText } from '../../harness/src/report/allure/offline-scan.js';
import { stripAnalytics } from '../../harness/src/report/allure/strip-analytics.js';
import { generateAllureReport } from '../../harness/src/report/allure/generate-report.js';
import { ConfigError } from '../../harness/src/errors.js';
import type { Verdict } from '../../harness/src/results/check-result.js';
import { IDENTITY, writeThreeChecks } from './allure-fixture.js';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hil-allure-'));
  tempDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const fpsVerdict = (value: number | null): Verdict => ({
  check: 'fps',
  status: value !== null && value >= 14 ? 'passed' : 'failed',
  value,
  unit: 'fps',
  limit: { op: '>=', value: 14, source: 'devices/jetson2.yaml' },
  baseline: { value: 13.1, source: 'golden/baselines/jetson2/ssd-lite.json' },
  message: 'fps',
});

describe('describeCheckForAllure', () => {
  it('groups by device type, board, model and keeps history independent of board and measured values', () => {
    const a = describeCheckForAllure({ ...IDENTITY, check: 'fps' }, fpsVerdict(12.3));
    const b = describeCheckForAllure({ ...IDENTITY, board: 'tx2-07', check: 'fps' }, fpsVerdict(15.2));
    expect(a.labels.slice(0, 3)).toEqual([
      { name: 'parentSuite', value: 'jetson2' },
      { name: 'suite', value: 'tx2-01' },
      { name: 'subSuite', value: 'ssd-lite' },
    ]);
    for (const name of ['device', 'target', 'model', 'variant', 'hilSuite']) expect(a.labels.some((l) => l.name === name)).toBe(true);
    expect(a.fullName).not.toContain('tx2-01');
    expect(a.parameters).toContainEqual({ name: 'board', value: 'tx2-01', excluded: true });
    expect(a.parameters).toContainEqual({ name: 'measured', value: '12.3 fps', excluded: true });
    expect(a.parameters).toContainEqual({ name: 'limit', value: '≥ 14 fps (devices/jetson2.yaml)', excluded: true });
    expect(a.parameters).toContainEqual({ name: 'baseline', value: '13.1 fps (golden/baselines/jetson2/ssd-lite.json)', excluded: true });
    // allure-js-commons' own history id: same for both boards and both values.
    const historyId = (d: typeof a) => getTestResultHistoryId({ ...d, uuid: 'x', links: [], steps: [], attachments: [], parameters: d.parameters } as never);
    expect(historyId(a)).toBe(historyId(b));
    // ...but not across device types or targets.
    const c = describeCheckForAllure({ ...IDENTITY, device: 'xavier-nx', check: 'fps' }, fpsVerdict(12.3));
    const d = describeCheckForAllure({ ...IDENTITY, target: 'cpu', check: 'fps' }, fpsVerdict(12.3));
    expect(historyId(c)).not.toBe(historyId(a));
    expect(historyId(d)).not.toBe(historyId(a));
    expect(a.description).toContain('| budget / tolerance | ≥ 14 fps — devices/jetson2.yaml |');
  });

  it('shows a value that could not be measured as "not measured", never 0', () => {
    expect(formatMeasured(null, 'W')).toBe('not measured');
    expect(formatMeasured(Number.NaN, 'W')).toBe('not measured');
    expect(formatMeasured(0, 'W')).toBe('0 W');
    const d = describeCheckForAllure({ ...IDENTITY, check: 'power' }, { check: 'power', status: 'broken', value: null, unit: 'W', message: 'x' });
    expect(d.parameters).toContainEqual({ name: 'measured', value: 'not measured', excluded: true });
  });
});

describe('status listener for allure-playwright', () => {
  const failed = (message: string, labels: { name: string; value: string }[] = []) => ({ status: 'failed', statusDetails: { message }, labels });

  it('keeps verdicts failed and turns infrastructure and unknown errors into broken', () => {
    expect(classifyFailedResult(failed('VerdictError: fps 10 < 14'))).toBe('failed');
    expect(classifyFailedResult(failed('Error: fps\n\nexpect(received).toBeGreaterThanOrEqual(expected)\n\nExpected: >= 14'))).toBe('failed');
    expect(classifyFailedResult(failed('InfrastructureError: tx2-01 unreachable'))).toBe('broken');
    expect(classifyFailedResult(failed('ConfigError: bad manifest'))).toBe('broken');
    expect(classifyFailedResult(failed('TypeError: cannot read properties of undefined'))).toBe('broken');
    // The family label set by labelFailureFamily wins over the message.
    expect(classifyFailedResult(failed('Error: anything', [{ name: 'hilFamily', value: 'verdict' }]))).toBe('failed');
    expect(classifyFailedResult(failed('VerdictError: x', [{ name: 'hilFamily', value: 'infrastructure' }]))).toBe('broken');
  });

  it('rewrites only failed results', () => {
    const passed = { status: 'passed', labels: [] } as never as { status: string };
    hilStatusListener.beforeTestResultWrite!(passed as never);
    expect(passed.status).toBe('passed');
    const broken = { status: 'failed', statusDetails: { message: 'InfrastructureError: x' }, labels: [] };
    hilStatusListener.beforeTestResultWrite!(broken as never);
    expect(broken.status).toBe('broken');
  });
});

describe('AllureResultsWriter', () => {
  it('writes one result per check with the verdict status and attachment files', async () => {
    const dir = tempDir();
    await writeThreeChecks(dir, 12.3);
    const files = readdirSync(dir);
    const results = files.filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['fps · ssd-lite', 'p99 · ssd-lite', 'power · ssd-lite']);
    expect(byName['fps · ssd-lite'].status).toBe('failed');
    expect(byName['fps · ssd-lite'].statusDetails.message).toBe('fps 12.3 is below the budget of 14');
    expect(byName['power · ssd-lite'].status).toBe('broken');
    expect(byName['power · ssd-lite'].statusDetails.trace).toContain('InfrastructureError');
    expect(byName['p99 · ssd-lite'].status).toBe('passed');
    const attachments = byName['p99 · ssd-lite'].attachments as { name: string; type: string; source: string }[];
    expect(attachments.map((a) => [a.name, a.type])).toEqual([
      ['latency histogram', 'image/png'],
      ['metrics', 'application/json'],
    ]);
    const png = readFileSync(join(dir, attachments[0]!.source));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(byName['p99 · ssd-lite'].steps[0]).toMatchObject({ name: 'measure single-stream latency', status: 'passed' });
  });
});

describe('offline report', () => {
  it('strips the analytics script Allure 3 embeds', () => {
    const html =
      '<body><script src="app.js"></script>\n<script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>\n' +
      '<script>\nwindow.dataLayer = [];\nfunction gtag(){dataLayer.push(arguments);}\ngtag("js", new Date());\n</script>\n<script>window.ok = 1;</script></body>';
    const { html: out, removed } = stripAnalytics(html);
    expect(removed).toBe(2);
    expect(out).not.toContain('googletagmanager');
    expect(out).not.toContain('gtag');
    expect(out).toContain('<script src="app.js"></script>');
    expect(out).toContain('window.ok = 1');
  });

  it('finds what a page would load, including inside a bundled data: script', () => {
    const js = Buffer.from('fetch("https://api.example.com/x"); const a = "https://docs.example.org/page"; const t = `https://${host}/`;').toString('base64');
    const scan = scanText(
      `<link rel="stylesheet" href="https://cdn.example.net/a.css"><img src="http://localhost:8080/x.png">` +
        `<svg xmlns="http://www.w3.org/2000/svg"></svg><script src="data:text/javascript;base64,${js}"></script>`,
    );
    expect(scan.resources).toEqual(['https://api.example.com/x', 'https://cdn.example.net/a.css']);
    expect(scan.references.map((r) => r.host)).toEqual(['api.example.com', 'cdn.example.net', 'docs.example.org', 'www.w3.org']);
  });

  it('reports missing results and refuses to replace a folder that is not a report', async () => {
    const dir = tempDir();
    await expect(generateAllureReport({ resultsDir: join(dir, 'nothing'), outDir: join(dir, 'out') })).rejects.toThrow(/no Allure results in/);
    await writeThreeChecks(join(dir, 'results'), 12.3);
    writeFileSync(join(dir, 'precious.txt'), 'keep me');
    await expect(generateAllureReport({ resultsDir: join(dir, 'results'), outDir: dir })).rejects.toBeInstanceOf(ConfigError);
    expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
  });
});
