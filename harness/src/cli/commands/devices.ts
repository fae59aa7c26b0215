import type { Command } from 'commander';
import { EXIT_CODES } from '../../errors.js';
import { formatBoardStatus, listBoardStatus } from '../../devices/board-status.js';
import { checkFarmHealth, formatHealthReports } from '../../devices/check-farm.js';
import { loadFarmContext } from '../../devices/farm-context.js';
import type { SetExitCode } from '../set-exit-code.js';

/** `hil devices [--farm FILE] [--json]` and `hil devices check [BOARD] [--farm FILE] [--json]`. */
export function registerDevices(program: Command, setExitCode: SetExitCode): void {
  const devices = program
    .command('devices')
    .description('List the farm\'s boards and their state (free, leased, quarantined, unreachable)')
    .option('--farm <file>', 'farm inventory (default: devices/farm.yaml)')
    .option('--json', 'print the list as JSON')
    .action(async (options: { farm?: string; json?: boolean }) => {
      const { profiles, farm } = await loadFarmContext({ farm: options.farm });
      const rows = await listBoardStatus(farm!, profiles);
      process.stdout.write(options.json ? `${JSON.stringify({ farm: farm!.file, boards: rows }, null, 2)}\n` : `${formatBoardStatus(rows)}\n`);
      setExitCode(EXIT_CODES.ok);
    });
  devices
    .command('check')
    .description('Health-check boards (connect, workdir, disk space, tools, node, clocks, meter; failures are quarantined) and print what each can do, probed: TensorRT and trtexec options, GPUs and precisions, power sources')
    .argument('[board]', 'a board name or device type (default: every board)')
    .option('--farm <file>', 'farm inventory (default: devices/farm.yaml)')
    .option('--json', 'print the reports as JSON')
    .action(async (target: string | undefined, options: { farm?: string; json?: boolean }, command: Command) => {
      // --farm/--json may be given before `check` (parent options) or after it.
      const merged = { ...(command.parent?.opts() as { farm?: string; json?: boolean }), ...options };
      const { profiles, farm } = await loadFarmContext({ farm: merged.farm });
      const reports = await checkFarmHealth(farm!, profiles, target);
      const out = merged.json
        ? JSON.stringify(reports.map((r) => ({ board: r.board, ok: r.ok, checks: r.checks, capabilities: r.capabilities ?? null, mismatches: r.mismatches ?? [], failure: r.failure?.message ?? null, durationMs: Math.round(r.durationMs) })), null, 2)
        : formatHealthReports(reports);
      process.stdout.write(`${out}\n`);
      setExitCode(reports.every((r) => r.ok) ? EXIT_CODES.ok : EXIT_CODES.infrastructure);
    });
}
