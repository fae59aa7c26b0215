// @ts-check
// hil's configuration: plain data, validated when loaded. Every option and its default is
// documented in harness/src/config/define-config.ts.
import { defineConfig } from 'hil';

export default defineConfig({
  defaultDevice: 'local',
  defaultSuite: 'detection',
  singleStream: {
    warmup: 20,
    // MLPerf LoadGen: at least 662 queries for a p99, and a minimum duration; both must hold.
    minQueries: 662,
    minDurationMs: 10_000,
  },
});
