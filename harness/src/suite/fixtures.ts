import { test as base } from '@playwright/test';
import { loadConfig } from '../config/load-config.js';
import { describeError, isHilError } from '../errors.js';
import type { ResolvedHilConfig } from '../config/define-config.js';
import { MeasurementStore } from '../checks/measurement-store.js';
import { readRunEnv, type RunEnv } from '../results/run-env.js';
import type { DeviceSession } from '../sessions/device-session.js';
import type { Target } from '../devices/profile-schema.js';
import { openDeviceSession } from '../sessions/open-device-session.js';

export interface HilWorkerFixtures {
  /** Device type or board name of this Playwright project (set by hil's Playwright config). */
  hilDevice: string;
  /** Compute unit of this Playwright project: `cpu` (hil's agent) or a GPU (trtexec). */
  hilTarget: Target;
  /** The run: environment from `hil run`, resolved config and the on-disk measurement store. */
  hilRun: { env: RunEnv; config: ResolvedHilConfig; store: MeasurementStore };
  /**
   * The leased board. Worker-scoped: Playwright throws a worker away after any failure, so
   * setting it up again must be cheap (a lease and a connection; deployed files stay cached on the board).
   */
  device: DeviceSession;
}

export const test = base.extend<object, HilWorkerFixtures>({
  hilDevice: ['local', { option: true, scope: 'worker' }],
  hilTarget: ['cpu', { option: true, scope: 'worker' }],
  hilRun: [
    async ({}, use) => {
      const env = readRunEnv();
      const config = await loadConfig({ cwd: env.rootDir, configFile: env.configFile ?? undefined });
      await use({ env, config, store: new MeasurementStore(env.runDir) });
    },
    { scope: 'worker' },
  ],
  device: [
    async ({ hilDevice, hilTarget, hilRun }, use) => {
      // The code goes into the message ("[HIL_...] ..."): a worker fixture has no test to attach
      // it to, and hil's reporter reads it back as the check's errorCode.
      const session = await openDeviceSession(hilDevice, hilRun, hilTarget).catch((error: unknown) => {
        throw isHilError(error) ? new Error(describeError(error)) : error;
      });
      try {
        await use(session);
      } finally {
        // Teardown always runs: the lease is released even when checks failed or broke.
        await session.close();
      }
    },
    // Leasing may wait --lease-wait for a busy board; connect, health check and setup get 10 min more.
    { scope: 'worker', timeout: deviceSetupTimeoutMs() },
  ],
});

export { expect } from '@playwright/test';

/** The device fixture's limit: the run's lease wait plus 10 minutes of setup (10 min outside a run). */
function deviceSetupTimeoutMs(): number {
  try {
    return (readRunEnv().leaseWaitS ?? 0) * 1000 + 10 * 60_000;
  } catch {
    return 10 * 60_000;
  }
}
