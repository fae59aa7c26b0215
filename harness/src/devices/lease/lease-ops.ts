import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { InfrastructureError } from '../../errors.js';
import type { Transport } from '../../transport/transport.js';
import { LEASE_SCRIPT } from './lease-script.js';

/** Who holds a lease: enough for a human to find the run and for hil to check ownership. */
export interface LeaseOwner {
  /** Random per acquisition; the only thing that proves ownership. Never printed. */
  token: string;
  /** Random per acquisition too, but public: names this lease in results, logs and the board's lease log. */
  leaseId: string;
  runId: string;
  /** CI job that started the run, from the CI's environment; null outside CI. */
  ciJob: string | null;
  host: string;
  pid: number;
}

/** A lease as stored on the board. Times are the board's epoch milliseconds. */
export interface LeaseRecord extends LeaseOwner {
  acquiredAt: number;
  renewedAt: number;
  expiresAt: number;
  ttlS: number;
}

export interface LeaseReply {
  status: 'acquired' | 'reclaimed' | 'busy' | 'renewed' | 'lost' | 'released' | 'free' | 'notowner' | 'read' | 'nolock' | 'noflock' | 'nodir';
  /** The board's clock when it answered (epoch ms). */
  boardNow: number;
  /** The board's lease folder (one per board, whatever the inventory's workdir). */
  dir: string;
  /** The lease after the operation (or the one in the way). */
  lease: LeaseRecord | null;
  /** For `reclaimed`: the expired lease that was taken over. */
  previous: LeaseRecord | null;
}

/** The CI job running this process, from the usual CI variables. */
export function ciJobFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.GITHUB_ACTIONS && env.GITHUB_RUN_ID) return `github:${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID}/${env.GITHUB_JOB ?? ''}`;
  if (env.GITLAB_CI && env.CI_JOB_ID) return `gitlab:${env.CI_JOB_URL ?? env.CI_JOB_ID}`;
  if (env.BUILD_TAG) return `jenkins:${env.BUILD_TAG}`;
  if (env.CI_JOB) return env.CI_JOB;
  return null;
}

export function ownerFor(runId: string, token: string, leaseId: string = randomUUID()): LeaseOwner {
  return withHiddenToken({ leaseId, runId, ciJob: ciJobFromEnv(), host: os.hostname(), pid: process.pid }, token);
}

/**
 * The token proves ownership, so it must never reach a report, a log or a JSON document (a lease's
 * owner goes into every result's provenance): it is a non-enumerable property, which JSON and
 * object spreads leave out, and only the lease operations read it.
 */
function withHiddenToken<T extends object>(fields: T, token: string): T & { token: string } {
  return Object.defineProperty(fields, 'token', { value: token, enumerable: false }) as T & { token: string };
}

function parseRecord(lines: string[]): LeaseRecord | null {
  const kv = new Map<string, string>();
  for (const line of lines) {
    const at = line.indexOf('=');
    if (at > 0) kv.set(line.slice(0, at), line.slice(at + 1));
  }
  if (!kv.get('token')) return null;
  const num = (k: string): number => Number(kv.get(k) ?? NaN);
  return withHiddenToken({
    leaseId: kv.get('leaseId') ?? '',
    runId: kv.get('runId') ?? '',
    ciJob: kv.get('ciJob') || null,
    host: kv.get('host') ?? '',
    pid: num('pid'),
    acquiredAt: num('acquiredAt'),
    renewedAt: num('renewedAt'),
    expiresAt: num('expiresAt'),
    ttlS: num('ttlS'),
  }, kv.get('token')!);
}

export function parseLeaseReply(stdout: string): LeaseReply | null {
  const lines = stdout.split('\n');
  const head = /^(\w+) now=(\d+) dir=(.*)$/.exec(lines[0]?.trim() ?? '');
  if (!head) return null;
  const status = head[1] as LeaseReply['status'];
  const rest = lines.slice(1);
  const split = rest.indexOf('--');
  const previous = status === 'reclaimed' && split >= 0 ? parseRecord(rest.slice(0, split)) : null;
  return { status, boardNow: Number(head[2]), dir: head[3]!, lease: parseRecord(split >= 0 ? rest.slice(split + 1) : rest), previous };
}

/** One newline-free value per line in the lease file. */
function flat(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

export type LeaseOp = 'acquire' | 'renew' | 'release' | 'read';

/** Runs one lease operation on the board (atomically there). */
export async function leaseOp(
  transport: Transport,
  op: LeaseOp,
  owner: LeaseOwner | null,
  ttlS: number,
  options: { signal?: AbortSignal; timeoutMs?: number; staleToken?: string } = {},
): Promise<LeaseReply> {
  const args = [op, String(Math.max(1, Math.round(ttlS))), flat(owner?.runId ?? ''), flat(owner?.ciJob ?? ''), flat(owner?.host ?? ''), String(owner?.pid ?? ''), flat(owner?.leaseId ?? '')];
  // The tokens prove ownership: on stdin, never in argv (visible to every user of the board via ps).
  const stdin = `${flat(owner?.token ?? '')}\n${flat(options.staleToken ?? '')}\n`;
  const result = await transport.exec(['sh', '-c', LEASE_SCRIPT, 'sh', ...args], { stage: 'lease', timeoutMs: options.timeoutMs ?? 60_000, signal: options.signal, stdin });
  const reply = parseLeaseReply(result.stdout);
  if (reply && ![0, 3, 4, 5].includes(result.exitCode ?? -1)) throw leaseFailure(transport.board, op, reply);
  if (!reply || ![0, 3, 4, 5].includes(result.exitCode ?? -1)) {
    throw new InfrastructureError('HIL_LEASE_FAILED', `lease ${op} on ${transport.board} failed (exit ${result.exitCode}): ${(result.stderr || result.stdout).trim().slice(0, 300)}`, { where: transport.board });
  }
  return reply;
}

/** The board could not run the lease at all: what is missing there, and how to fix it. */
function leaseFailure(board: string, op: LeaseOp, reply: LeaseReply): InfrastructureError {
  const why: Record<string, [string, string]> = {
    nolock: [`another process held ${reply.dir}/lease.lock for over 20 s (a board this slow is not fit to measure on)`, 'check the board\'s load; the lock is the kernel\'s and frees itself when its holder exits'],
    noflock: ['`flock` (util-linux) is not installed', 'install util-linux on the board (it is part of every L4T and DRIVE OS image)'],
    nodir: [`the lease folder ${reply.dir} cannot be created or written`, `create it once on the board: sudo install -d -m 0777 ${reply.dir}`],
  };
  const [what, hint] = why[reply.status] ?? [`unexpected reply "${reply.status}"`, undefined];
  return new InfrastructureError('HIL_LEASE_FAILED', `lease ${op} on ${board} failed: ${what}`, { where: board, hint });
}
