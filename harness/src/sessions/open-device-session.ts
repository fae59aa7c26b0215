import path from 'node:path';
import type { ResolvedHilConfig } from '../config/define-config.js';
import type { Target } from '../devices/profile-schema.js';
import { ConfigError } from '../errors.js';
import type { RunEnv } from '../results/run-env.js';
import type { DeviceSession } from './device-session.js';
import { LocalDeviceSession } from './local-session.js';

/**
 * Opens a session on the device and target a Playwright project names. `local` runs on this
 * host's CPU; every other name is a device type or board of the farm, leased over SSH.
 */
export async function openDeviceSession(
  device: string,
  run: { env: RunEnv; config: ResolvedHilConfig },
  target: Target = 'cpu',
): Promise<DeviceSession> {
  const cacheDir = path.resolve(run.config.rootDir, run.config.reportsDir, '.cache');
  if (device === 'local') {
    if (target !== 'cpu') throw new ConfigError('HIL_NO_RUNNER', `device "local" has the cpu target only, not ${target}`);
    return new LocalDeviceSession({ cacheDir, measureMs: run.config.timeouts.measureMs });
  }
  const { openFarmSession } = await import('./farm-session.js');
  return openFarmSession(device, run, cacheDir, target);
}
