import type { Command } from 'commander';
import { updateBaselines } from '../../baselines/update-baselines.js';
import type { SetExitCode } from './index.js';

export function registerBaseline(program: Command, setExitCode: SetExitCode): void {
  const baseline = program.command('baseline').description('stored baselines that candidates are compared with');
  baseline
    .command('update')
    .description('accept the measurements of the latest run (or --run ID) as the baselines of their device types')
    .option('--run <id>', 'run id under reports/runs (default: the latest run)')
    .option('--model <name...>', 'only these models')
    .option('--json', 'print the result as JSON')
    .action(async (options: { run?: string; model?: string[]; json?: boolean }) => {
      const result = await updateBaselines({ run: options.run, model: options.model });
      if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        process.stdout.write(`accepted run ${result.runId} as baseline:\n`);
        for (const file of result.written) process.stdout.write(`  ${file}\n`);
      }
      setExitCode(0);
    });
}
