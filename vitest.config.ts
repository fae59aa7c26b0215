import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests start sshd, spawn `hil` and run real inference: generous, since tests must
    // pass on a loaded 2-core machine. Speed goals live in `npm run bench`, not here.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
