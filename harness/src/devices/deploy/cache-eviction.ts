/**
 * Which of hil's on-board cache entries to evict so the cache fits its budget: least recently
 * used first (an entry's mtime is refreshed on every use: deploy hit, engine reuse, agent start).
 * Pure.
 */

export interface CacheEntry {
  /** Relative to the workdir: `cache/<sha256>`, `engines/<key>.engine`, `agent/<sha256>`. */
  path: string;
  sizeKb: number;
  /** Last use, epoch seconds on the board's clock. */
  mtimeS: number;
}

export interface EvictionPlan {
  evict: CacheEntry[];
  keptKb: number;
  freedKb: number;
}

/** Top-level folders of the workdir that hold reusable, content-addressed entries. */
export const CACHE_FOLDERS = ['cache', 'engines', 'agent'] as const;

/** A listed path hil may delete: one entry directly inside a cache folder, nothing else. */
export function isEvictablePath(entry: string): boolean {
  const [folder, name, ...rest] = entry.split('/');
  return rest.length === 0 && (CACHE_FOLDERS as readonly string[]).includes(folder ?? '') && !!name && name !== '.' && name !== '..' && !name.startsWith('.');
}

export function planEviction(entries: readonly CacheEntry[], maxKb: number): EvictionPlan {
  const usable = entries.filter((e) => isEvictablePath(e.path));
  let total = usable.reduce((sum, e) => sum + e.sizeKb, 0);
  const evict: CacheEntry[] = [];
  // Oldest first; ties by path so the plan is the same on every run.
  const byAge = [...usable].sort((a, b) => a.mtimeS - b.mtimeS || a.path.localeCompare(b.path));
  for (const entry of byAge) {
    if (total <= maxKb) break;
    evict.push(entry);
    total -= entry.sizeKb;
  }
  return { evict, keptKb: total, freedKb: evict.reduce((sum, e) => sum + e.sizeKb, 0) };
}

/** KB as MB with one decimal, as cache figures are reported. */
export function kbToMb(kb: number): number {
  return Math.round((kb / 1024) * 10) / 10;
}

/** `mtime sizeKb path` lines as the board lists them; malformed lines are skipped. */
export function parseCacheListing(text: string): CacheEntry[] {
  const out: CacheEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+)(?:\.\d+)? (\d+) (\S+)$/.exec(line.trim());
    if (m) out.push({ mtimeS: Number(m[1]), sizeKb: Number(m[2]), path: m[3]! });
  }
  return out;
}
