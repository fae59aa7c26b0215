import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { ConfigError } from '../errors.js';
import { loadFarm, type Farm } from './load-farm.js';
import { loadDeviceProfiles, type DeviceProfiles } from './load-profiles.js';

/**
 * Device profiles and the farm inventory as the CLI finds them: `--farm FILE`, else the config's
 * `farm` (default devices/farm.yaml) under the project root.
 */
export async function loadFarmContext(options: { farm?: string; cwd?: string; requireFarm?: boolean } = {}): Promise<{ profiles: DeviceProfiles; farm: Farm | null }> {
  const config = await loadConfig({ cwd: options.cwd });
  const devicesDir = path.resolve(config.rootDir, config.devicesDir);
  const profiles = loadDeviceProfiles(devicesDir, { shownDir: path.relative(process.cwd(), devicesDir) || '.' });
  const farmFile = options.farm ?? path.join(config.rootDir, config.farm);
  if (!options.farm && !existsSync(farmFile)) {
    if (options.requireFarm === false) return { profiles, farm: null };
    throw new ConfigError('HIL_NO_FARM', `no farm inventory at ${path.relative(process.cwd(), farmFile)}`, {
      where: '--farm',
      hint: 'pass --farm FILE (see devices/farm.example.yaml), or start emulated boards with `hil emulate`',
    });
  }
  const shown = path.isAbsolute(farmFile) && !options.farm ? path.relative(process.cwd(), farmFile) : farmFile;
  return { profiles, farm: loadFarm(shown, profiles) };
}
