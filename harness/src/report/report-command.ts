/**
 * `hil report` as plain functions: generate the Allure HTML from reports/allure-results, or
 * regenerate the comparison table from a run's measurements. Paths default from hil's config
 * (`reportsDir`, `manifest`), relative to the project root.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { ConfigError } from '../errors.js';
import { generateAllureReport, type GenerateReportResult } from './allure/generate-report.js';
import { loadCheckRows, loadDecision } from './load-check-rows.js';
import { countStatuses } from './console-table.js';
import { figuresOf } from './figures.js';
import { decisionLine } from './decision-line.js';
import { renderMarkdownSummary } from './markdown-summary.js';
import { buildComparisonTable, type ComparisonRow } from './table/comparison-table.js';
import { loadMeasurements } from './table/load-measurements.js';
import { loadModelFacts } from './table/model-facts.js';
import { renderComparisonTable, TABLE_FORMATS, type TableFormat } from './table/render-table.js';

export interface ReportPathsOptions {
  cwd?: string;
  config?: string;
}

export interface HtmlReportOptions extends ReportPathsOptions {
  results?: string;
  out?: string;
  history?: string;
}

export async function generateHtmlReport(options: HtmlReportOptions = {}): Promise<GenerateReportResult> {
  const { reportsDir, cwd } = await reportPaths(options);
  // The latest run's decision goes into the page's banner when the results are that run's.
  const decision = options.results || !existsSync(join(reportsDir, 'latest-run')) ? null : await loadDecision(latestRunDir(reportsDir)).catch(() => null);
  return generateAllureReport({
    ...(decision ? { decision: decisionLine({ planned: decision.planned, decided: decision.decided, counts: countStatuses(decision.rows), problems: decision.problems }) } : {}),
    resultsDir: options.results ? resolve(cwd, options.results) : join(reportsDir, 'allure-results'),
    outDir: options.out ? resolve(cwd, options.out) : join(reportsDir, 'allure-report'),
    historyPath: options.history ? resolve(cwd, options.history) : join(reportsDir, 'allure-history.jsonl'),
  });
}

export interface TableOptions extends ReportPathsOptions {
  /** A run folder (reports/runs/<runId>), its measurements folder, or any folder of measurement JSON. */
  results?: string;
  format?: string;
}

export interface TableResult {
  format: TableFormat;
  source: string;
  rows: ComparisonRow[];
  text: string;
}

export async function generateTable(options: TableOptions = {}): Promise<TableResult> {
  const format = (options.format ?? 'md') as TableFormat;
  if (!TABLE_FORMATS.includes(format)) {
    throw new ConfigError('HIL_TABLE_FORMAT', `--format: unknown table format "${options.format}"`, { hint: `use one of ${TABLE_FORMATS.join(', ')}` });
  }
  const { reportsDir, cwd, manifest } = await reportPaths(options);
  const source = options.results ? resolve(cwd, options.results) : latestRunDir(reportsDir);
  const measurements = await loadMeasurements(source);
  const facts = await loadModelFacts(manifest, measurements.map((m) => m.model));
  const rows = buildComparisonTable(measurements, facts);
  return { format, source, rows, text: renderComparisonTable(rows, format) };
}

export interface SummaryResult {
  source: string;
  markdown: string;
}

/** The job-summary markdown (outcome, comparison table, verdicts) of a run, default the latest. */
export async function generateSummary(options: TableOptions = {}): Promise<SummaryResult> {
  const { reportsDir, cwd, manifest } = await reportPaths(options);
  const source = options.results ? resolve(cwd, options.results) : latestRunDir(reportsDir);
  const decision = await loadDecision(source);
  const checks = decision?.rows ?? (await loadCheckRows(source));
  const measurements = await loadMeasurements(source);
  const facts = await loadModelFacts(manifest, measurements.map((m) => m.model));
  const runId = basename(source);
  const devices = [...new Set(checks.map((c) => c.device))].join(', ');
  const comparisons = existsSync(join(source, 'comparisons.md')) ? readFileSync(join(source, 'comparisons.md'), 'utf8') : undefined;
  return {
    source,
    markdown: renderMarkdownSummary({
      checks,
      measurements,
      facts,
      context: `run \`${runId}\`${devices ? ` on ${devices}` : ''}`,
      ...(decision ? { decisionLine: `**${decisionLine({ planned: decision.planned, decided: decision.decided, counts: countStatuses(checks), problems: decision.problems })}**`, problems: decision.problems } : {}),
      figures: figuresOf(checks, measurements),
      ...(comparisons ? { comparisons } : {}),
    }),
  };
}

async function reportPaths(options: ReportPathsOptions): Promise<{ cwd: string; reportsDir: string; manifest: string }> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const config = await loadConfig({ cwd, configFile: options.config });
  return { cwd, reportsDir: resolve(config.rootDir, config.reportsDir), manifest: resolve(config.rootDir, config.manifest) };
}

function latestRunDir(reportsDir: string): string {
  const marker = join(reportsDir, 'latest-run');
  if (!existsSync(marker)) {
    throw new ConfigError('HIL_NO_RUN', `no run found: ${marker} does not exist`, {
      hint: 'run `npx hil run` first, or pass a run folder with --results reports/runs/<runId>',
    });
  }
  return join(reportsDir, 'runs', readFileSync(marker, 'utf8').trim());
}
