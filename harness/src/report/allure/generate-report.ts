/**
 * Generates the Allure HTML report offline with Allure Report 3 (npm `allure`, pure JS, its
 * @allurereport/core API): one self-contained index.html (data and script embedded, so it opens
 * from file:// or a CI artifact with no server), history appended to a JSONL file outside the
 * report folder so trends survive regeneration, analytics removed, and a scan proving that the
 * page loads nothing from the network.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AllureReport, resolveConfig } from '@allurereport/core';
import { ConfigError, InfrastructureError } from '../../errors.js';
import { scanReportDir, type OfflineScan } from './offline-scan.js';
import { stripAnalytics } from './strip-analytics.js';
import { bannerHtml, countEmulated, injectBanner } from './banner.js';

export interface GenerateReportOptions {
  /** Folder of Allure results (`*-result.json` + attachments). */
  resultsDir: string;
  /** Output folder; replaced on each generation. */
  outDir: string;
  /** JSONL history kept between runs (default: `<outDir>/../allure-history.jsonl`). */
  historyPath?: string;
  /** Keep at most this many runs in the history (default 50). */
  historyLimit?: number;
  name?: string;
  /** The run's decision line, shown in the banner at the top of the page. */
  decision?: string;
}

export interface ReportStats {
  total: number;
  passed: number;
  failed: number;
  broken: number;
  skipped: number;
  unknown: number;
}

export interface GenerateReportResult {
  indexHtml: string;
  historyPath: string;
  /** Runs in the history file after this generation (this one included). */
  historyRuns: number;
  stats: ReportStats;
  durationMs: number;
  offline: OfflineScan;
}

export async function generateAllureReport(options: GenerateReportOptions): Promise<GenerateReportResult> {
  const started = Date.now();
  const resultsDir = resolve(options.resultsDir);
  const outDir = resolve(options.outDir);
  const historyPath = resolve(options.historyPath ?? join(dirname(outDir), 'allure-history.jsonl'));
  await assertResults(resultsDir);
  await clearOutput(outDir);
  await mkdir(dirname(historyPath), { recursive: true });

  try {
    const config = await resolveConfig(
      {
        name: options.name ?? 'hil',
        output: outDir,
        historyPath,
        historyLimit: options.historyLimit ?? 50,
        plugins: {
          awesome: {
            options: {
              reportName: options.name ?? 'hil',
              singleFile: true,
              // Device type › board › model, tests named by check (see check-description.ts).
              groupBy: ['parentSuite', 'suite', 'subSuite'],
            },
          },
          // Allure adds its markdown "agent" output unless told otherwise; hil does not need it.
          agent: { enabled: false },
        },
      },
      { cwd: dirname(outDir) },
    );
    const report = new AllureReport(config);
    await report.start();
    await report.readDirectory(resultsDir);
    await report.done();
  } catch (error) {
    throw new InfrastructureError('HIL_REPORT_GENERATE', `Allure report generation failed: ${(error as Error).message}`, {
      cause: error,
      where: resultsDir,
    });
  }

  const indexHtml = join(outDir, 'index.html');
  if (!existsSync(indexHtml)) {
    throw new InfrastructureError('HIL_REPORT_GENERATE', `Allure wrote no ${indexHtml}`, { where: outDir });
  }
  const { html } = stripAnalytics(await readFile(indexHtml, 'utf8'));
  const emulated = countEmulated(await readResults(resultsDir));
  await writeFile(indexHtml, injectBanner(html, bannerHtml({ ...emulated, ...(options.decision ? { decision: options.decision } : {}) })));
  const offline = await scanReportDir(outDir);
  if (offline.resources.length > 0) {
    throw new InfrastructureError(
      'HIL_REPORT_NOT_OFFLINE',
      `the generated report would load from the network: ${offline.resources.join(', ')}`,
      { where: outDir, hint: 'a newer Allure may have changed its page template; update report/allure/strip-analytics.ts' },
    );
  }
  return {
    indexHtml,
    historyPath,
    historyRuns: await countLines(historyPath),
    stats: await readStats(outDir),
    durationMs: Date.now() - started,
    offline,
  };
}

async function readResults(resultsDir: string): Promise<Array<{ labels?: Array<{ name: string; value: string }> }>> {
  const names = (await readdir(resultsDir)).filter((f) => f.endsWith('-result.json'));
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(resultsDir, n), 'utf8')) as { labels?: Array<{ name: string; value: string }> }));
}

async function assertResults(resultsDir: string): Promise<void> {
  const files = existsSync(resultsDir) ? await readdir(resultsDir) : null;
  if (!files || !files.some((f) => f.endsWith('-result.json'))) {
    throw new ConfigError('HIL_REPORT_NO_RESULTS', `no Allure results in ${resultsDir}`, {
      where: resultsDir,
      hint: 'run `npx hil run` first, or pass --results DIR',
    });
  }
}

/** Replace only what looks like a previous report: never wipe an unrelated folder given by mistake. */
async function clearOutput(outDir: string): Promise<void> {
  if (!existsSync(outDir)) return;
  const entries = await readdir(outDir);
  if (entries.length > 0 && !entries.includes('index.html')) {
    throw new ConfigError('HIL_REPORT_OUT_NOT_REPORT', `${outDir} is not empty and holds no report (no index.html); refusing to replace it`, {
      where: outDir,
      hint: 'pass an empty or new folder with --out',
    });
  }
  await rm(outDir, { recursive: true, force: true });
}

async function readStats(outDir: string): Promise<ReportStats> {
  const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as { stats?: Partial<ReportStats> };
  const s = summary.stats ?? {};
  return { total: s.total ?? 0, passed: s.passed ?? 0, failed: s.failed ?? 0, broken: s.broken ?? 0, skipped: s.skipped ?? 0, unknown: s.unknown ?? 0 };
}

async function countLines(file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  return (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim()).length;
}
