import path from 'node:path';
import { InfrastructureError } from '../errors.js';
import { shellQuote } from '../transport/shell-quote.js';
import type { Board } from './board.js';
import { clocksAtMax } from './probes/clocks-at-max.js';
import { parseJetsonClocksShow } from './probes/jetson-clocks-parse.js';
import { runQuarantine, type Quarantine } from './quarantine.js';
import { retrySetup } from './retry.js';
import { ScpiClient } from '../transport/scpi-client.js';
import { capabilityMismatches, probeCapabilities } from './probes/capability-probe.js';
import type { BoardCapabilities } from './probes/capabilities-parse.js';

export interface HealthCheckItem {
  name: string;
  ok: boolean;
  detail: string;
}

export interface HealthReport {
  board: string;
  ok: boolean;
  checks: HealthCheckItem[];
  /** The first failed check, as an error (what the quarantine latches). */
  failure: InfrastructureError | null;
  /**
   * Why hil's agent cannot run on this board at all (its glibc is older than Node 20 needs): a
   * fact of the board, not a fault. The CPU target's checks are then skipped with this reason.
   */
  agentUnavailable?: string;
  /** What the board can do, probed (absent when the board could not be reached). */
  capabilities?: BoardCapabilities;
  /** Where the profile expects what the probe did not find. */
  mismatches?: string[];
  durationMs: number;
}

const QUARANTINE_FILE = 'quarantine';

// One round trip for every on-board fact; each line `name<TAB>ok|fail<TAB>detail`.
const PROBE = String.raw`
w="$1"; minkb="$2"; tools="$3"; node="$4"; power="$5"
line() { printf '%s\t%s\t%s\n' "$1" "$2" "$3"; }
if mkdir -p "$w" && touch "$w/.health" && rm -f "$w/.health"; then line workdir ok "$w writable"; else line workdir fail "$w is not writable"; fi
# The transport leaves one pidfile per command (the command execs over the shell that wrote it):
# those of commands that have ended go here, so the folder does not grow run after run. A stop
# marker whose command never started is dropped after an hour.
for f in "$w"/run/*.pid; do
  [ -f "$f" ] || continue
  p=$(cat "$f" 2>/dev/null)
  case "$p" in ''|*[!0-9]*) continue;; esac
  kill -0 "$p" 2>/dev/null || rm -f "$f"
done
find "$w/run" -name '*.stop' -mmin +60 -exec rm -f {} + 2>/dev/null
avail=$(df -Pk "$w" 2>/dev/null | awk 'NR==2 {print $4}')
if [ -z "$avail" ]; then line disk fail "df failed for $w"
elif [ "$avail" -ge "$minkb" ]; then line disk ok "$((avail / 1024)) MB free"
else line disk fail "$((avail / 1024)) MB free, needs $((minkb / 1024)) MB"; fi
for t in $tools; do
  if p=$(command -v "$t" 2>/dev/null); then line "tool:$t" ok "$p"; else line "tool:$t" fail "$t not found on PATH"; fi
done
# A power tool that is there but prints nothing is as broken as a missing one (bounded wait).
if [ -n "$power" ] && command -v "$power" >/dev/null 2>&1; then
  first=$(timeout 5 "$power" --interval 100 2>/dev/null | head -n 1)
  if [ -n "$first" ]; then line "output:$power" ok "prints"; else line "output:$power" fail "$power printed nothing in 5 s"; fi
fi
if [ -n "$node" ]; then
  # A C library too old for Node 20 (JetPack 4: glibc 2.27) is what the board is, not a fault:
  # the agent's target is unavailable there, the rest of the board is healthy.
  if v=$("$node" --version 2>&1); then line node ok "$v"
  else case "$v" in
    *GLIBC_*"not found"*) line node unavailable "$(printf '%s' "$v" | head -n 1); the board has $(ldd --version 2>/dev/null | head -n 1)";;
    *) line node fail "$node: $v";;
  esac; fi
fi
if [ -n "$HIL_EMULATED" ]; then line emulated ok yes; fi
exit 0`;

/** Tools a board of this profile must have. */
function requiredTools(board: Board): string[] {
  const tools = new Set<string>();
  if (board.profile.power.source === 'tegrastats' || board.profile.power.source === 'nvidia-smi') tools.add(board.profile.power.source);
  for (const command of board.profile.perfMode?.commands ?? []) tools.add(command[0]!);
  return [...tools];
}

/**
 * Connect (retried), workdir writable, disk space, the profile's tools present (tegrastats also
 * printing), the agent's node.
 * A failure quarantines the board for the rest of the run and leaves a note on the board (when it
 * can be reached) that `hil devices` shows.
 */
export async function checkBoardHealth(board: Board, options: { timeoutMs?: number; signal?: AbortSignal; quarantine?: Quarantine } = {}): Promise<HealthReport> {
  const started = performance.now();
  const quarantine = options.quarantine ?? runQuarantine;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const checks: HealthCheckItem[] = [];
  let capabilities: BoardCapabilities | undefined;
  const { transport } = board;
  let connected = false;
  try {
    await retrySetup('connect', () => transport.connect({ signal: options.signal }), { signal: options.signal });
    connected = true;
    checks.push({ name: 'connect', ok: true, detail: `connected (${board.spec.kind})` });
    const node = board.profile.runners.includes('ort-agent') && board.spec.kind === 'ssh' ? (board.spec.agent?.node ?? board.profile.agent?.node ?? '') : '';
    const minKb = String(Math.round(board.profile.health.minFreeMb * 1024));
    const power = board.profile.power.source === 'tegrastats' ? 'tegrastats' : '';
    const probe = await transport.exec(['sh', '-c', PROBE, 'sh', transport.workdir, minKb, requiredTools(board).join(' '), node, power], { stage: 'health', timeoutMs, signal: options.signal });
    for (const line of probe.stdout.split('\n').filter(Boolean)) {
      const [name, status, detail] = line.split('\t');
      checks.push({ name: name!, ok: status === 'ok' || status === 'unavailable', detail: status === 'unavailable' ? `unavailable: ${detail ?? ''}` : (detail ?? '') });
    }
    if (probe.exitCode !== 0) checks.push({ name: 'probe', ok: false, detail: `health probe exited ${probe.exitCode}: ${probe.stderr.trim()}` });
    const clocks = await clocksNote(board, timeoutMs, options.signal);
    if (clocks) checks.push(clocks);
    const meter = await meterCheck(board);
    if (meter) checks.push(meter);
    capabilities = await probeCapabilities(board, { timeoutMs, signal: options.signal });
    // The meter is asked from this host; the probe cannot see it.
    const listed = board.spec.kind === 'ssh' && board.spec.meter !== undefined;
    capabilities.power.push(
      meter
        ? { source: 'meter', answers: meter.ok && listed, detail: meter.detail }
        : { source: 'meter', answers: false, detail: listed ? `in the inventory, not asked (the profile's power source is ${board.profile.power.source})` : 'none in the farm inventory' },
    );
  } catch (error) {
    checks.push({ name: connected ? 'probe' : 'connect', ok: false, detail: (error as Error).message });
  }
  const failed = checks.find((c) => !c.ok);
  const failure = failed ? new InfrastructureError('HIL_HEALTH_CHECK_FAILED', `health check of ${board.name} failed: ${failed.name}: ${failed.detail}`, { where: board.name }) : null;
  if (failure) quarantine.add(board.name, failure);
  if (connected) await leaveNote(board, failure).catch(() => undefined);
  const unavailable = checks.find((c) => c.name === 'node' && c.detail.startsWith('unavailable: '));
  return {
    board: board.name,
    ok: !failure,
    checks,
    failure,
    durationMs: performance.now() - started,
    ...(capabilities ? { capabilities, mismatches: capabilityMismatches(board.profile, capabilities) } : {}),
    ...(unavailable ? { agentUnavailable: unavailable.detail.slice('unavailable: '.length) } : {}),
  };
}

/** The external meter of a board whose power comes from one: it answers `*IDN?` (host side, SCPI over TCP). */
async function meterCheck(board: Board): Promise<HealthCheckItem | null> {
  if (board.profile.power.source !== 'meter') return null;
  const meter = board.spec.kind === 'ssh' ? board.spec.meter : undefined;
  if (!meter) return { name: 'meter', ok: true, detail: `none in the farm inventory (its meter: entry): power will be "not measured"` };
  if (!('scpi' in meter)) return { name: 'meter', ok: true, detail: `command ${meter.command.join(' ')} (run on this host)` };
  const client = new ScpiClient(meter.scpi);
  try {
    await client.connect(meter.scpi.timeoutMs);
    const identity = (await client.query('*IDN?', meter.scpi.timeoutMs)).trim();
    return { name: 'meter', ok: true, detail: `${identity} at ${meter.scpi.host}:${meter.scpi.port}` };
  } catch (error) {
    return { name: 'meter', ok: false, detail: (error as Error).message };
  } finally {
    client.close();
  }
}

/**
 * Clocks are reported, not judged: perf mode is set when a run prepares the board, and a run whose
 * clocks are below maximum says so in its provenance.
 */
async function clocksNote(board: Board, timeoutMs: number, signal?: AbortSignal): Promise<HealthCheckItem | null> {
  const usesJetsonClocks = board.profile.perfMode?.commands.some((c) => c[0] === 'jetson_clocks');
  if (!usesJetsonClocks) return null;
  const argv = board.profile.perfMode?.sudo ? ['sudo', '-n', 'jetson_clocks', '--show'] : ['jetson_clocks', '--show'];
  const shown = await board.transport.exec(argv, { stage: 'health', timeoutMs, signal });
  const parsed = shown.exitCode === 0 ? parseJetsonClocksShow(shown.stdout) : null;
  if (!parsed) return { name: 'clocks', ok: true, detail: `not readable (${argv.join(' ')} exited ${shown.exitCode}): ${shown.stderr.trim().slice(0, 120)}` };
  const max = clocksAtMax(parsed);
  const mode = parsed.powerMode ? `${parsed.powerMode}, ` : '';
  return { name: 'clocks', ok: true, detail: max.atMax ? `${mode}at maximum` : `${mode}below maximum: ${max.reasons.join('; ') || 'unknown'}` };
}

/** Writes (or clears) the quarantine note on the board, for other runs and `hil devices`. */
async function leaveNote(board: Board, failure: InfrastructureError | null): Promise<void> {
  const file = path.posix.join(board.transport.workdir, QUARANTINE_FILE);
  const script = failure ? `printf '%s\\n' ${shellQuote(failure.message)} > ${shellQuote(file)}` : `rm -f ${shellQuote(file)}`;
  await board.transport.exec(['sh', '-c', script], { stage: 'health', timeoutMs: 10_000 });
}

export const QUARANTINE_NOTE = QUARANTINE_FILE;
