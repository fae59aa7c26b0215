import type { Command } from 'commander';
import path from 'node:path';
import { countStatuses, renderConsoleTable, useColor } from '../../report/console-table.js';
import { figuresOf } from '../../report/figures.js';
import { comparisonRows, renderComparisonsText } from '../../report/comparisons.js';
import { decisionLine } from '../../report/decision-line.js';
import { runSuites, type RunOptions } from '../../run/run-command.js';
import { runResultJson } from '../../run/run-json.js';
import { ConfigError } from '../../errors.js';
import type { SetExitCode } from '../set-exit-code.js';

/** The flags as commander hands them over: RunOptions, with --streams still text. */
type RunFlags = Omit<RunOptions, 'cwd' | 'signal' | 'streams' | 'leaseWaitS'> & { streams?: string; leaseWait?: string };

export function registerRun(program: Command, setExitCode: SetExitCode): void {
  program
    .command('run')
    .description('run the suites on a device and check budgets and baselines (exit 0 passed, 1 a verdict failed, 2 infrastructure broke, 3 bad config or input)')
    .option('--device <name...>', 'device type (any free board of it) or board name; repeat for several (default: local)')
    .option('--target <name...>', 'only these targets (cpu, igpu, dgpu); default: every target of the device that one of its runners serves (cpu: hil\'s agent, GPUs: trtexec)')
    .option('--suite <name>', 'suite from suites/<name>.suite.yaml (default: detection)')
    .option('--model <name...>', 'only these models of the suite')
    .option('--grep <text>', 'only checks whose title matches')
    .option('--shard <i/n>', 'run shard i of n (Playwright --shard), to split a run across CI machines')
    .option('--farm <file>', 'farm inventory (default: devices/farm.yaml)')
    .option('--config <file>', 'hil config file (default: hil.config.js at the project root)')
    .option('--compare-to <ref>', 'compare each model whose ONNX differs from git revision REF with its old version: interleaved on the same board (latency ratio with its interval) and mAP@.5; both required')
    .option('--json', 'print the whole result as one JSON document on stdout (progress goes to stderr)')
    .option('--lease-wait <seconds>', 'wait at most this long for a busy board, then fail with HIL_LEASE_BUSY naming its holder (default: the farm inventory\'s leaseWaitS, 600)')
    .option('--streams <n>', 'stream suites: run n camera streams at once, spread over the free boards of the device (or all on one)')
    .action(async (flags: RunFlags) => {
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const { streams, leaseWait, ...rest } = flags;
        const result = await runSuites({
          ...rest,
          ...(streams !== undefined ? { streams: parseStreams(streams) } : {}),
          ...(leaseWait !== undefined ? { leaseWaitS: parseLeaseWait(leaseWait) } : {}),
          signal: abort.signal,
        });
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(runResultJson(result), null, 2)}\n`);
        } else {
          const decision = decisionLine({ planned: result.planned, decided: result.decided, counts: countStatuses(result.checks), problems: result.problems });
          const figures = figuresOf(result.checks, result.measurements);
          if (result.compare) process.stdout.write(`\n${renderComparisonsText(result.compare, comparisonRows(result.measurements))}`);
          process.stdout.write(`\n${renderConsoleTable(result.checks, { color: useColor(process.stdout), figures, decisionLine: decision, problems: result.problems })}\n`);
          process.stdout.write(
            `\nreports: ${path.relative(process.cwd(), path.join(result.runDir, '..', '..', 'allure-results')) || '.'} (Allure results; \`npx hil report\` renders HTML), reports/junit.xml, run folder ${path.relative(process.cwd(), result.runDir)}\n`,
          );
        }
        setExitCode(result.exitCode);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

function parseLeaseWait(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n > 86_400) throw new ConfigError('HIL_BAD_FLAG', `--lease-wait must be a whole number of seconds from 0 to 86400, got "${value}"`, { where: '--lease-wait' });
  return n;
}

function parseStreams(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new ConfigError('HIL_BAD_FLAG', `--streams must be an integer from 1 to 64, got "${value}"`, { where: '--streams' });
  return n;
}
