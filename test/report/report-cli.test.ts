/** `hil report` through its commander registration (no build needed), on a temporary project. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerReport } from '../../harness/src/cli/commands/report.js';
import { ConfigError } from '../../harness/src/errors.js';
import type { ModelMeasurement } from '../../harness/src/results/check-result.js';
import { writeThreeChecks } from './allure-fixture.js';

const tempDirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'hil-report-cli-'));
  tempDirs.push(root);
  // An (empty) config file marks the project root, so defaults resolve under it.
  writeFileSync(join(root, 'hil.config.js'), 'export default {};\n');
  return root;
}

async function hil(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string }> {
  let code: number | null = null;
  let stdout = '';
  vi.spyOn(process, 'cwd').mockReturnValue(cwd);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const program = new Command('hil').exitOverride();
  registerReport(program, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(['node', 'hil', 'report', ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  return { code, stdout };
}

describe('hil report', () => {
  it('generates reports/allure-report/index.html from reports/allure-results by default', async () => {
    const root = project();
    await writeThreeChecks(join(root, 'reports', 'allure-results'), 12.3);
    const { code, stdout } = await hil(root, '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { indexHtml: string; stats: { failed: number; broken: number }; historyRuns: number };
    expect(result.indexHtml).toBe(join(root, 'reports', 'allure-report', 'index.html'));
    expect(existsSync(result.indexHtml)).toBe(true);
    expect(result.stats).toMatchObject({ failed: 1, broken: 1 });
    expect(result.historyRuns).toBe(1);
    expect(existsSync(join(root, 'reports', 'allure-history.jsonl'))).toBe(true);
  });

  it('prints the comparison table of the latest run', async () => {
    const root = project();
    const runDir = join(root, 'reports', 'runs', 'run-1', 'measurements');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(root, 'reports', 'latest-run'), 'run-1\n');
    const m: ModelMeasurement = {
      model: 'ssd-lite', variant: 'baseline', device: 'local', board: 'local', target: 'cpu', runner: 'ort-agent', power: null, provenance: {},
      latency: { n: 700, minMs: 9, medianMs: 10, meanMs: 10.2, p90Ms: 11, p99Ms: 13, maxMs: 20, fps: 98, medianCi95Ms: [9.9, 10.1], durationMs: 10_000 },
    };
    writeFileSync(join(runDir, 'ssd-lite.json'), JSON.stringify(m));
    const md = await hil(root, '--table');
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| ssd-lite | local | cpu | 10.00 | 98.0 | not measured |');
    const csv = await hil(root, '--table', '--format', 'csv');
    expect(csv.stdout.split('\n')[1]).toBe('ssd-lite,baseline,local,local,cpu,ort-agent,false,,10,98,,not measured,not measured,not measured,not measured,not measured,not measured,not measured,not measured,,,,,,,,');
    await expect(hil(root, '--table', '--format', 'xlsx')).rejects.toThrow(/unknown table format "xlsx"/);
  });

  it('prints the markdown job summary of the latest run', async () => {
    const root = project();
    const run = join(root, 'reports', 'runs', 'run-7');
    mkdirSync(join(run, 'checks'), { recursive: true });
    writeFileSync(join(root, 'reports', 'latest-run'), 'run-7\n');
    const check = (name: string, status: string, value: number | null, error?: string) =>
      writeFileSync(
        join(run, 'checks', `${name}.json`),
        JSON.stringify({
          runId: 'run-7', suite: 'detection', model: 'ssd-lite', variant: 'baseline', device: 'local', board: 'local', target: 'cpu', check: name,
          title: name, status, durationMs: 1, ...(error ? { error } : {}),
          verdict: { check: name, status, value, unit: 'fps', limit: { op: '>=', value: 14, source: 'devices/local.yaml' }, message: `${name} message` },
        }),
      );
    check('fps', 'failed', 9.5);
    check('p99', 'passed', 30);
    const { code, stdout } = await hil(root, '--summary');
    expect(code).toBe(0);
    expect(stdout).toContain('## hil model regression: verdicts failed');
    expect(stdout).toContain('run `run-7` on local');
    expect(stdout).toContain('_No measurements._');
    expect(stdout).toContain('| ❌ failed | ssd-lite | local | cpu | fps | 9.5 fps | ≥ 14 fps |  | fps message |');
    writeFileSync(join(run, 'checks', 'bad.json'), JSON.stringify({ model: 'x', status: 'exploded' }));
    await expect(hil(root, '--summary')).rejects.toThrow(/bad\.json: status/);
  });

  it('says what to do when there is nothing to report', async () => {
    const root = project();
    await expect(hil(root)).rejects.toThrow(ConfigError);
    await expect(hil(root, '--table')).rejects.toThrow(/no run found/);
  });
});

describe('hil report --open', () => {
  it('uses the desktop opener where there is one and only prints the URL otherwise', async () => {
    const { openerFor } = await import('../../harness/src/report/open-report.js');
    expect(openerFor('linux', {})).toBeNull();
    expect(openerFor('linux', { DISPLAY: ':0' })).toEqual(['xdg-open']);
    expect(openerFor('darwin', {})).toEqual(['open']);
  });
});
