import type { Command } from 'commander';
import { registerGolden } from './golden.js';
import { registerPower } from './power.js';
import { registerReport } from './report.js';
import { registerModels } from './models.js';
import { registerEval } from './eval.js';

/** Sets the process exit code from a command's result. */
export type SetExitCode = (code: number) => void;

/** Each command file exports one `register*` function; this list is the registry. */
export function registerCommands(program: Command, setExitCode: SetExitCode): void {
  void program;
  void setExitCode;
  registerGolden(program, setExitCode);
  registerPower(program, setExitCode);
  registerReport(program, setExitCode);
  registerModels(program, setExitCode);
  registerEval(program, setExitCode);
}
