import type { Command } from 'commander';
import { EXIT_CODES } from '../../errors.js';
import { formatTegrastatsSummary, summarizeTegrastatsLog } from '../../devices/power/summarize-tegrastats-log.js';
import type { SetExitCode } from '../set-exit-code.js';

/** `hil power summarize LOG [--json]`. */
export function registerPower(program: Command, setExitCode: SetExitCode): void {
  const power = program.command('power').description('Power measurement tools');
  power
    .command('summarize')
    .description('Summarise a tegrastats log: mean and max W of the board total and of each rail')
    .argument('<log>', 'a file of tegrastats output lines')
    .option('--json', 'print {"samples","total","rails"} as JSON')
    .action(async (log: string, options: { json?: boolean }) => {
      const summary = await summarizeTegrastatsLog(log);
      process.stdout.write(
        options.json ? `${JSON.stringify(summary)}\n` : `${formatTegrastatsSummary(log, summary)}\n`,
      );
      setExitCode(EXIT_CODES.ok);
    });
}
