/**
 * The generated report, opened in Debian's Chromium (playwright-core, headless, no browser
 * download): the suites, a failed and a broken test and an image attachment are there, history
 * carries over between two generations, and no request leaves file:/blob:/data:.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHtmlReport } from '../../harness/src/report/report-command.js';
import { resultsDirOf, writeThreeChecks } from './allure-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-results', 'report-browser');

function isLocalRequest(url: string): boolean {
  const u = new URL(url);
  if (['file:', 'blob:', 'data:', 'about:'].includes(u.protocol)) return true;
  return ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

describe('Allure report in Chromium', () => {
  let root: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  let index: string;
  let historyRuns = 0;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'hil-report-browser-'));
    mkdirSync(SHOTS, { recursive: true });
    const results = resultsDirOf(root);
    // Two runs of the same checks: the second report must show the first in its history.
    await writeThreeChecks(results, 12.3);
    await generateHtmlReport({ cwd: root, results });
    rmSync(results, { recursive: true });
    await writeThreeChecks(results, 11.8);
    const report = await generateHtmlReport({ cwd: root, results });
    index = report.indexHtml;
    historyRuns = report.historyRuns;
    expect(report.stats).toMatchObject({ total: 3, passed: 1, failed: 1, broken: 1 });
    expect(report.offline.resources).toEqual([]);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    // A fixed locale keeps dates (history rows) in one format.
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(index).href);
    await page.getByText('jetson2', { exact: true }).first().waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('writes the report and its history under the reports folder', () => {
    expect(index).toBe(join(root, 'reports', 'allure-report', 'index.html'));
    expect(historyRuns).toBe(2);
    const history = readFileSync(join(root, 'reports', 'allure-history.jsonl'), 'utf8').trim().split('\n');
    expect(history).toHaveLength(2);
    // The first run is in the history with its own measured value.
    expect(history[0]).toContain('fps 12.3 is below the budget of 14');
    expect(readFileSync(index, 'utf8')).not.toContain('googletagmanager');
  });

  it('groups tests by device type, board and model', async () => {
    for (const text of ['jetson2', 'tx2-01', 'tx2-02', 'ssd-lite']) {
      await expect(page.getByText(text, { exact: true }).first().isVisible()).resolves.toBe(true);
    }
    for (const name of ['p99 · ssd-lite', 'fps · ssd-lite', 'power · ssd-lite']) {
      await expect(page.getByText(name, { exact: true }).count()).resolves.toBe(1);
    }
    await page.screenshot({ path: join(SHOTS, 'tree.png') });
  });

  it('shows the failed verdict with measured value, limit and baseline, and its history', async () => {
    await page.getByText('fps · ssd-lite', { exact: true }).click();
    await page.getByText('fps 11.8 is below the budget of 14').first().waitFor();
    await expect(page.getByText('Failed', { exact: true }).first().isVisible()).resolves.toBe(true);
    for (const text of ['11.8 fps', '≥ 14 fps (devices/jetson2.yaml)']) {
      await expect(page.getByText(text, { exact: true }).count()).resolves.toBeGreaterThan(0);
    }
    await page.screenshot({ path: join(SHOTS, 'failed.png') });
    await page.getByRole('button', { name: /History/ }).or(page.getByText('History', { exact: true })).first().click();
    // The first run's result is this test's one history entry (a dated row).
    const entries = page.getByText(/^\s*\d+\/\d+\/\d{4} at \d\d:\d\d:\d\d\s*$/);
    await entries.first().waitFor({ timeout: 10_000 });
    await expect(entries.count()).resolves.toBe(1);
    await page.screenshot({ path: join(SHOTS, 'history.png') });
  });

  it('shows the infrastructure problem as broken, not failed', async () => {
    await page.goto(pathToFileURL(index).href);
    await page.getByText('power · ssd-lite', { exact: true }).click();
    await page.getByText('[HIL_SSH_CONNECT] tx2-02: ssh connection refused').first().waitFor();
    await expect(page.getByText('Broken', { exact: true }).first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SHOTS, 'broken.png') });
  });

  it('shows the latency histogram attachment as an image', async () => {
    await page.goto(pathToFileURL(index).href);
    await page.getByText('p99 · ssd-lite', { exact: true }).click();
    await page.getByText('latency histogram', { exact: true }).first().click();
    const image = page.locator('img').first();
    await image.waitFor();
    await image.scrollIntoViewIfNeeded();
    const width = await image.evaluate((img) => (img as HTMLImageElement).naturalWidth);
    expect(width).toBe(820);
    await page.screenshot({ path: join(SHOTS, 'attachment.png') });
  });

  it('made no request outside file:, blob:, data: and localhost', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !isLocalRequest(u))).toEqual([]);
    expect(existsSync(join(SHOTS, 'attachment.png'))).toBe(true);
  });
});
