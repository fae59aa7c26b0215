import type { Command } from 'commander';
import { updateBaselines } from '../../baselines/update-baselines.js';
import type { SetExitCode } from '../set-exit-code.js';
import { ConfigError } from '../../errors.js';

export function registerBaseline(program: Command, setExitCode: SetExitCode): void {
  const baseline = program.command('baseline').description('stored baselines that candidates are compared with');
  baseline
    .command('update')
    .description('accept the measurements of the latest run (or --run ID) into the baselines of their device types (the last --keep runs are kept)')
    .option('--run <id>', 'run id under reports/runs (default: the latest run)')
    .option('--model <name...>', 'only these models')
    .option('--reset', 'forget the runs accepted before instead of adding this one to them')
    .option('--keep <n>', 'runs a baseline keeps (their spread is the machine\'s run-to-run noise)', '5')
    .option('--force <reason>', 'accept measurements hil refuses (invalid: host busy or board throttled; emulated), saying why; the reason is recorded with the baseline')
    .option('--json', 'print the result as JSON')
    .action(async (options: { run?: string; model?: string[]; json?: boolean; reset?: boolean; keep: string; force?: string }) => {
      const keep = Number(options.keep);
      if (!Number.isInteger(keep) || keep < 1) throw new ConfigError('HIL_USAGE', `--keep: expected a whole number >= 1, received ${JSON.stringify(options.keep)}`);
      const result = await updateBaselines({ run: options.run, model: options.model, reset: options.reset, keep, ...(options.force ? { force: options.force } : {}) });
      if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        process.stdout.write(`accepted run ${result.runId} as baseline:\n`);
        for (const file of result.written) process.stdout.write(`  ${file}\n`);
      }
      setExitCode(0);
    });
}
