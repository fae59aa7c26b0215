#!/usr/bin/env node
/**
 * The on-board agent: `node dist/agent/agent-main.js job.json [--out result.json]`.
 * Reads a job (see job.ts), runs it on this machine, writes the result JSON to --out (atomically)
 * or to stdout. Progress goes to stderr as JSON lines `{"progress":{...}}` so an SSH transport
 * can stream it. Exit codes as hil's: 0 ok, 2 infrastructure, 3 bad job or model; on failure the
 * result is `{ ok: false, error }` with the error's family and code.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, EXIT_CODES } from '../errors.js';
import { RESULT_FORMAT, type AgentResult } from '../engine/job.js';
import { runJob } from './run-job.js';
import { serializeError } from '../engine/serialize-error.js';
import { validateJob } from './validate-job.js';
import { writeFileAtomic } from '../files/atomic-write.js';

async function main(argv: string[]): Promise<number> {
  const { jobFile, out, usageError } = parseArgs(argv);
  let result: AgentResult;
  try {
    if (usageError || !jobFile) throw new ConfigError('HIL_AGENT_USAGE', `usage: agent-main.js JOB.json [--out RESULT.json]${usageError ? ` (${usageError})` : ''}`);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(jobFile, 'utf8'));
    } catch (cause) {
      throw new ConfigError('HIL_JOB_UNREADABLE', `cannot read job ${jobFile}: ${(cause as Error).message}`, { cause, where: jobFile });
    }
    const job = validateJob(raw, jobFile);
    result = await runJob(job, jobFile, (p) => process.stderr.write(`${JSON.stringify({ progress: p })}\n`));
  } catch (error) {
    result = { format: RESULT_FORMAT, ok: false, error: serializeError(error) };
  }
  const text = JSON.stringify(result);
  if (out) {
    await writeFileAtomic(out, text);
  } else {
    process.stdout.write(`${text}\n`);
  }
  return result.ok ? EXIT_CODES.ok : EXIT_CODES[result.error.family];
}

function parseArgs(argv: string[]): { jobFile?: string; out?: string; usageError?: string } {
  const positional: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i]!;
    if (a === '--out') {
      out = argv[++i];
      if (!out) return { usageError: '--out needs a file' };
    } else if (a.startsWith('--')) return { usageError: `unknown option ${a}` };
    else positional.push(a);
  }
  if (positional.length !== 1) return { usageError: `expected one job file, got ${positional.length}` };
  return { jobFile: positional[0], out };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hil agent: ${String(error)}\n`);
    process.exitCode = EXIT_CODES.infrastructure;
  },
);
