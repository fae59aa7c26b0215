import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ConfigError, ConfigIssuesError } from '../errors.js';
import { CONFIG_DEFAULTS, type HilConfig, type ResolvedHilConfig } from './define-config.js';
import { zodIssuesToConfigIssues } from './zod-issues.js';

const CONFIG_NAMES = ['hil.config.js', 'hil.config.mjs'];

const positiveInt = z.number().int().positive();
const positive = z.number().positive();
const configSchema = z.strictObject({
  suitesDir: z.string().min(1).optional(),
  devicesDir: z.string().min(1).optional(),
  farm: z.string().min(1).optional(),
  manifest: z.string().min(1).optional(),
  baselinesDir: z.string().min(1).optional(),
  reportsDir: z.string().min(1).optional(),
  defaultDevice: z.string().min(1).optional(),
  defaultSuite: z.string().min(1).optional(),
  singleStream: z
    .strictObject({
      warmup: z.number().int().nonnegative().optional(),
      minQueries: positiveInt.optional(),
      minDurationMs: z.number().nonnegative().optional(),
      maxDurationMs: positive.optional(),
      maxOtherCores: z.number().min(0).optional(),
      remeasure: z.number().int().min(0).max(10).optional(),
    })
    .optional(),
  throughput: z.strictObject({ batch: positiveInt.optional(), minDurationMs: z.number().nonnegative().optional() }).optional(),
  timeouts: z
    .strictObject({ connectMs: positive.optional(), deployMs: positive.optional(), measureMs: positive.optional() })
    .optional(),
  // Under 3 s the heartbeat (every ttlS / 3) would race its own round trip.
  lease: z.strictObject({ ttlS: z.number().int().min(3).max(3600).optional() }).optional(),
});

/** Walks up from `startDir` to the folder holding hil's config or, failing that, its manifest. */
export function findProjectRoot(startDir: string): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (CONFIG_NAMES.some((n) => existsSync(path.join(dir, n)))) return dir;
    if (existsSync(path.join(dir, CONFIG_DEFAULTS.manifest))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(startDir);
    dir = parent;
  }
}

export async function loadConfig(options: { cwd?: string; configFile?: string } = {}): Promise<ResolvedHilConfig> {
  const rootDir = options.configFile ? path.dirname(path.resolve(options.configFile)) : findProjectRoot(options.cwd ?? process.cwd());
  const configFile = options.configFile
    ? path.resolve(options.configFile)
    : CONFIG_NAMES.map((n) => path.join(rootDir, n)).find((f) => existsSync(f)) ?? null;
  let user: HilConfig = {};
  if (configFile) {
    if (!existsSync(configFile)) throw new ConfigError('HIL_CONFIG_MISSING', `${configFile}: config file not found`);
    let loaded: unknown;
    try {
      loaded = ((await import(pathToFileURL(configFile).href)) as { default?: unknown }).default;
    } catch (cause) {
      throw new ConfigError('HIL_CONFIG_LOAD', `${path.relative(rootDir, configFile)}: cannot be loaded: ${(cause as Error).message}`, { cause });
    }
    const parsed = configSchema.safeParse(loaded ?? {});
    if (!parsed.success) {
      throw new ConfigIssuesError(zodIssuesToConfigIssues(path.relative(rootDir, configFile), configSchema, loaded, parsed.error));
    }
    user = parsed.data as HilConfig;
  }
  return {
    ...CONFIG_DEFAULTS,
    ...stripUndefined(user),
    singleStream: { ...CONFIG_DEFAULTS.singleStream, ...stripUndefined(user.singleStream ?? {}) },
    throughput: { ...CONFIG_DEFAULTS.throughput, ...stripUndefined(user.throughput ?? {}) },
    timeouts: { ...CONFIG_DEFAULTS.timeouts, ...stripUndefined(user.timeouts ?? {}) },
    lease: { ...CONFIG_DEFAULTS.lease, ...stripUndefined(user.lease ?? {}) },
    rootDir,
    configFile,
  } as ResolvedHilConfig;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Absolute path of a config path, relative to the project root. */
export function resolveFromRoot(config: ResolvedHilConfig, relative: string): string {
  return path.resolve(config.rootDir, relative);
}
