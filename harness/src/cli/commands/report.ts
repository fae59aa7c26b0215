import type { Command } from 'commander';
import { EXIT_CODES } from '../../errors.js';
import { openReport } from '../../report/open-report.js';
import { generateHtmlReport, generateSummary, generateTable } from '../../report/report-command.js';
import type { SetExitCode } from '../set-exit-code.js';

interface ReportCliOptions {
  open?: boolean;
  results?: string;
  out?: string;
  history?: string;
  table?: boolean;
  summary?: boolean;
  format?: string;
  json?: boolean;
  config?: string;
}

/**
 * `hil report [--open] [--results DIR] [--out DIR]`, `hil report --table [--format md|html|csv]`
 * and `hil report --summary` (markdown for a CI job summary).
 */
export function registerReport(program: Command, setExitCode: SetExitCode): void {
  program
    .command('report')
    .description('Generate the Allure HTML report (offline, with history), or the comparison table with --table')
    .option('--results <dir>', 'Allure results (default reports/allure-results); with --table: a run folder (default the latest run)')
    .option('--out <dir>', 'where the HTML report goes (default reports/allure-report)')
    .option('--history <file>', 'history kept between runs (default reports/allure-history.jsonl)')
    .option('--open', 'open the generated report (prints its file:// URL where no desktop is available)')
    .option('--table', 'print the comparison table (network x device x target) instead of generating the HTML report')
    .option('--format <format>', 'table format: md, html or csv', 'md')
    .option('--summary', 'print the markdown summary of a run (outcome, table, verdicts), e.g. for $GITHUB_STEP_SUMMARY')
    .option('--json', 'print the result as JSON')
    .option('--config <file>', 'hil config file')
    .action(async (options: ReportCliOptions) => {
      if (options.summary) {
        const summary = await generateSummary({ results: options.results, config: options.config });
        process.stdout.write(summary.markdown);
        setExitCode(EXIT_CODES.ok);
        return;
      }
      if (options.table) {
        const table = await generateTable({ results: options.results, format: options.format, config: options.config });
        process.stdout.write(options.json ? `${JSON.stringify({ source: table.source, rows: table.rows })}\n` : table.text);
        setExitCode(EXIT_CODES.ok);
        return;
      }
      const report = await generateHtmlReport({ results: options.results, out: options.out, history: options.history, config: options.config });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
      } else {
        const s = report.stats;
        process.stdout.write(
          `report: ${report.indexHtml}\n` +
            `${s.total} tests: ${s.passed} passed, ${s.failed} failed, ${s.broken} broken, ${s.skipped} skipped` +
            ` (history: ${report.historyRuns} runs in ${report.historyPath}; ${report.durationMs} ms)\n`,
        );
      }
      if (options.open) {
        const opened = openReport(report.indexHtml);
        process.stderr.write(opened.opener ? `opening ${opened.url}\n` : `open ${opened.url} in a browser\n`);
      }
      setExitCode(EXIT_CODES.ok);
    });
}
