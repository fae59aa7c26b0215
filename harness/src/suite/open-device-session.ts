import path from 'node:path';
import type { ResolvedHilConfig } from '../config/define-config.js';
import type { RunEnv } from './run-env.js';
import type { DeviceSession } from './device-session.js';
import { LocalDeviceSession } from './local-session.js';

/**
 * Opens a session on the device a Playwright project names. `local` runs on this host; every
 * other name is a device type or board of the farm, leased over SSH.
 */
export async function openDeviceSession(
  device: string,
  run: { env: RunEnv; config: ResolvedHilConfig },
): Promise<DeviceSession> {
  const cacheDir = path.resolve(run.config.rootDir, run.config.reportsDir, '.cache');
  if (device === 'local') return new LocalDeviceSession({ cacheDir });
  const { openFarmSession } = await import('./farm-session.js');
  return openFarmSession(device, run, cacheDir);
}
