import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlaywrightTestConfig } from '@playwright/test';
import type { Target } from '../devices/profile-schema.js';
import { readRunEnv } from '../results/run-env.js';
import { projectGrep, readPlanSync } from '../plan/read-plan.js';

export interface HilProjectUse {
  /** Device type or board name this project runs on. */
  hilDevice: string;
  /** Its compute unit (`jetson2` is the CPU, `jetson2:igpu` the GPU). */
  hilTarget?: Target;
}

/**
 * The Playwright configuration of a hil run: one project per device, JUnit for CI, hil's own
 * reporter for Allure and the check records, and `list` for visible progress on long runs.
 * Timeouts are per stage inside the fixtures; the test timeout is only a last resort.
 */
export function hilPlaywrightConfig(overrides: Partial<PlaywrightTestConfig> = {}): PlaywrightTestConfig<HilProjectUse> {
  const env = readRunEnv();
  const plan = readPlanSync(env.planFile);
  const reporterFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hil-reporter.js');
  return {
    testDir: env.suitesDir,
    testMatch: `**/${env.suite}.spec.ts`,
    outputDir: path.join(env.runDir, 'test-output'),
    // One worker per board, each holding its own lease, so nothing measures two things on one
    // board at once. Models spread over the workers; a model's checks stay in one worker, in
    // order (the spec files configure their model groups with mode 'default').
    fullyParallel: true,
    workers: Math.max(1, env.workers ?? env.devices.length),
    timeout: 30 * 60_000,
    retries: 0,
    reporter: [
      ['list', { printSteps: false }],
      [reporterFile, {}],
    ],
    // One project per device and target (`hil run` plans them); older run files name devices only.
    // Each project runs exactly the tests its plan holds (tests carry their plan id as a tag).
    projects: (env.projects ?? []).map((p) => ({ name: p.name, grep: projectGrep(plan, p.name), use: { hilDevice: p.device, hilTarget: p.target } })),
    ...overrides,
  };
}
