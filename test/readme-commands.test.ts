/**
 * The README's command table is checked against the CLI's own definitions (commander), so it
 * cannot drift: every command and every flag that exists is in it, and nothing it lists is
 * missing from the CLI.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../harness/src/cli/commands/index.js';

const readme = readFileSync(path.resolve(import.meta.dirname, '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Commands'), readme.indexOf('\n## ', readme.indexOf('## Commands') + 5));
/** Each table row's command cell: `npx hil devices check [BOARD] [--farm FILE] [--json]`. */
const rows = [...section.matchAll(/^\| `npx hil ([^`]+)` \|/gm)].map((m) => m[1]!);

interface Cli {
  path: string;
  flags: string[];
}

function commands(): Cli[] {
  const program = new Command('hil');
  registerCommands(program, () => undefined);
  const out: Cli[] = [];
  const walk = (cmd: Command, prefix: string): void => {
    for (const c of cmd.commands) {
      const p = `${prefix} ${c.name()}`.trim();
      // A command group without options of its own (`baseline`) is documented by its subcommands.
      if (c.commands.length === 0 || c.options.length > 0) out.push({ path: p, flags: c.options.map((o) => o.long!).filter(Boolean) });
      walk(c, p);
    }
  };
  walk(program, '');
  return out;
}

/** The row documenting a command: one that starts with its path and not with a subcommand's. */
function rowOf(cmdPath: string, all: readonly Cli[]): string | undefined {
  const starts = (row: string, p: string) => row === p || row.startsWith(`${p} `);
  const longer = all.filter((c) => c.path.startsWith(`${cmdPath} `));
  return rows.find((r) => starts(r, cmdPath) && !longer.some((c) => starts(r, c.path)));
}

describe('README: every command and flag, as the CLI defines them', () => {
  it('has a row per command', () => {
    expect(rows.length).toBeGreaterThan(8);
    const all = commands();
    expect(all.filter((c) => !rowOf(c.path, all)).map((c) => c.path)).toEqual([]);
  });

  it('lists every flag of every command, and no flag the CLI does not have', () => {
    const all = commands();
    for (const cli of all) {
      const row = rowOf(cli.path, all)!;
      const documented = [...row.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]);
      expect(cli.flags.filter((f) => !documented.includes(f)), `${cli.path}: flags missing from the README`).toEqual([]);
      expect(documented.filter((f) => !cli.flags.includes(f)), `${cli.path}: flags the CLI does not have`).toEqual([]);
    }
  });
});
