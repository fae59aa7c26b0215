import type { Command } from 'commander';
import { EXIT_CODES } from '../../errors.js';
import { runEmulator } from '../../emulator/run-emulator.js';
import type { SetExitCode } from '../set-exit-code.js';

/** `hil emulate [--boards N] [--type jetson2] [--farm-out FILE] [--dir DIR] [--upgraded-node] [--meters]`. */
export function registerEmulate(program: Command, setExitCode: SetExitCode): void {
  program
    .command('emulate')
    .description('Start emulated Jetson and Drive PX2 boards on 127.0.0.1 (real sshd each) and write their farm inventory; runs until interrupted')
    .option('--boards <n>', 'number of boards', '2')
    .option('--type <type>', 'device type to emulate: jetson2 (TX2), xavier-nx, orin-nano or drivepx2 (one Tegra half with its discrete GPU)', 'jetson2')
    .option('--farm-out <file>', 'where to write the farm inventory (default: <dir>/farm.yaml)')
    .option('--dir <dir>', 'folder for the boards\' files (default: a temporary folder, removed on exit)')
    .option('--upgraded-node', "boards upgraded to run Node 20, so hil's agent measures their CPU (a JetPack 4 TX2 has glibc 2.27: without this, no Node, as on a real one)")
    .option('--meters', "give each board an emulated external power meter (SCPI over TCP on 127.0.0.1, in the inventory as its meter:) whose reading follows the board's load (default for drivepx2, which has no input rail)")
    .action(async (options: { boards: string; type: string; farmOut?: string; dir?: string; upgradedNode?: boolean; meters?: boolean }) => {
      const boards = Number(options.boards);
      await runEmulator(
        { boards, type: options.type, farmFile: options.farmOut, dir: options.dir, ...(options.upgradedNode ? { upgradedNode: true } : {}), ...(options.meters ? { meters: true } : {}) },
        (text) => process.stdout.write(text),
      );
      setExitCode(EXIT_CODES.ok);
    });
}
