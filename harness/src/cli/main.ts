#!/usr/bin/env node
/**
 * The `hil` bin. Parsing only: each command lives in `cli/commands/*` as a plain async function
 * returning an exit code; this file maps argv onto them and owns the one top-level catch.
 */
import { Command, CommanderError } from 'commander';
import { describeError, exitCodeFor, EXIT_CODES } from '../errors.js';
import { registerCommands } from './commands/index.js';

async function main(argv: string[]): Promise<number> {
  const program = new Command('hil')
    .description('Hardware-in-the-loop regression harness for object detectors on embedded boards')
    .exitOverride()
    .showHelpAfterError('(run `hil --help` for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let exitCode: number = EXIT_CODES.ok;
  registerCommands(program, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; anything else is a usage error.
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.config;
    }
    throw error;
  }
  return exitCode;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hil: ${describeError(error)}\n`);
    if (process.env.HIL_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = exitCodeFor(error);
  },
);
