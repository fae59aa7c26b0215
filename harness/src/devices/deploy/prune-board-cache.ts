import { assertSucceeded } from '../../transport/transport-errors.js';
import type { Transport } from '../../transport/transport.js';
import { CACHE_FOLDERS, kbToMb, parseCacheListing, planEviction } from './cache-eviction.js';

export interface CachePruneReport {
  /** Entries removed to fit the budget, oldest use first. */
  evicted: string[];
  freedMb: number;
  /** What the cache holds afterwards. */
  keptMb: number;
  maxMb: number;
  /** Leftovers of killed runs (job, power and trtexec folders, partial uploads) removed. */
  staleRemoved: number;
}

// Removes what killed runs left behind (older than $2 minutes: a live run's files are always
// younger, and only the lease holder runs this), then lists the cache: `mtime sizeKb path`.
const SWEEP_AND_LIST = `cd "$1" 2>/dev/null || exit 0; age="$2"; shift 2; n=0
for d in jobs power trtexec; do
  [ -d "$d" ] || continue
  for e in $(find "$d" -mindepth 1 -maxdepth 1 -mmin +"$age" 2>/dev/null); do rm -rf -- "$e" && n=$((n + 1)); done
done
for e in $(find cache -maxdepth 1 -name '.upload-*' -mmin +"$age" 2>/dev/null); do rm -f -- "$e" && n=$((n + 1)); done
echo "stale $n"
for f in "$@"; do
  for e in "$f"/*; do [ -e "$e" ] && printf '%s %s %s\\n' "$(stat -c %Y "$e")" "$(du -sk "$e" | cut -f1)" "$e"; done
done
exit 0`;

/**
 * Keeps hil's cache on a board within the profile's budget: evicts the least recently used
 * models, tensors, engines and agent builds, and sweeps what killed runs left. Runs under the
 * lease, before the health check, so a board whose disk filled up with old models frees itself
 * instead of being quarantined. Two round trips; a board without the files lists nothing.
 */
export async function pruneBoardCache(transport: Transport, budget: { maxMb: number; staleAfterMinutes: number }, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CachePruneReport> {
  const exec = { stage: 'cache', timeoutMs: options.timeoutMs, signal: options.signal };
  const listed = assertSucceeded(await transport.exec(['sh', '-c', SWEEP_AND_LIST, 'sh', transport.workdir, String(Math.round(budget.staleAfterMinutes)), ...CACHE_FOLDERS], exec), 'cache');
  const staleRemoved = Number(/^stale (\d+)$/m.exec(listed.stdout)?.[1] ?? 0);
  const plan = planEviction(parseCacheListing(listed.stdout), budget.maxMb * 1024);
  if (plan.evict.length > 0) {
    assertSucceeded(await transport.exec(['sh', '-c', 'cd "$1" && shift && rm -rf -- "$@"', 'sh', transport.workdir, ...plan.evict.map((e) => e.path)], exec), 'cache');
  }
  return { evicted: plan.evict.map((e) => e.path), freedMb: kbToMb(plan.freedKb), keptMb: kbToMb(plan.keptKb), maxMb: budget.maxMb, staleRemoved };
}
