import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, ConfigIssuesError, type ConfigIssue } from '../errors.js';
import { profileSchema, type DeviceProfile } from './profile-schema.js';
import { readYamlFile } from './read-yaml.js';

/** Device-type profiles by name. */
export type DeviceProfiles = ReadonlyMap<string, DeviceProfile & { file: string }>;

/** Files in the devices folder that are farm inventories, not device types. */
export function isFarmFileName(name: string): boolean {
  return name.startsWith('farm');
}

/**
 * Loads every `<dir>/<type>.yaml` (farm inventories, `farm*.yaml`, are skipped). Synchronous on
 * purpose: Playwright builds its projects from these while collecting tests. All problems of all
 * files are reported together.
 */
export function loadDeviceProfiles(dir: string, options: { shownDir?: string } = {}): DeviceProfiles {
  const shownDir = options.shownDir ?? (path.relative(process.cwd(), dir) || '.');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n) && !isFarmFileName(n)).sort();
  } catch (cause) {
    throw new ConfigError('HIL_DEVICES_DIR', `${shownDir}: device profiles folder cannot be read (${(cause as NodeJS.ErrnoException).code ?? cause})`, { cause });
  }
  const profiles = new Map<string, DeviceProfile & { file: string }>();
  const issues: ConfigIssue[] = [];
  for (const name of names) {
    const shown = path.join(shownDir, name);
    const result = readYamlFile(path.join(dir, name), shown, profileSchema);
    if ('issues' in result) {
      issues.push(...result.issues);
      continue;
    }
    const stem = name.replace(/\.ya?ml$/, '');
    if (result.data.name !== stem) {
      issues.push({ file: shown, path: 'name', message: `must match the file name "${stem}", received "${result.data.name}"` });
      continue;
    }
    profiles.set(stem, { ...result.data, file: shown });
  }
  if (issues.length > 0) throw new ConfigIssuesError(issues);
  if (profiles.size === 0) throw new ConfigError('HIL_NO_PROFILES', `${shownDir}: no device profiles (*.yaml) found`);
  return profiles;
}
