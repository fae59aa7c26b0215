import type { Command } from 'commander';
import { registerRun } from './run.js';
import { registerBaseline } from './baseline.js';
import { registerPower } from './power.js';
import { registerReport } from './report.js';
import { registerGolden } from './golden.js';
import { registerModels } from './models.js';
import { registerEval } from './eval.js';
import { registerDevices } from './devices.js';
import { registerEmulate } from './emulate.js';
import type { SetExitCode } from '../set-exit-code.js';


/** Each command file exports one `register*` function; this list is the registry. */
export function registerCommands(program: Command, setExitCode: SetExitCode): void {
  registerRun(program, setExitCode);
  registerBaseline(program, setExitCode);
  registerPower(program, setExitCode);
  registerReport(program, setExitCode);
  registerGolden(program, setExitCode);
  registerModels(program, setExitCode);
  registerEval(program, setExitCode);
  registerDevices(program, setExitCode);
  registerEmulate(program, setExitCode);
}
