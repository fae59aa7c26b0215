// The live-camera suite. Its tests come from the run's plan, made from data: suites/stream.suite.yaml
// (models, frame sequence, camera FPS, ring policy) and devices/<type>.yaml (streamFpsMin,
// streamP99MaxMs). For each model: processed FPS and glass-to-glass p99 (with a latency-over-time
// plot per stream); mAP on the frames actually processed and, with `--streams 4`, the wall's total
// are recorded as figures.
import { test } from 'hil/suite/fixtures';
import { runSuiteCheck, suiteTests } from 'hil/suite/suite-tests';

const tests = suiteTests('stream');

for (const model of tests.models) {
  test.describe(model.name, () => {
    // A model's checks share its measurements: keep them in one worker (one board), in order.
    test.describe.configure({ mode: 'default' });
    for (const check of model.checks) {
      test(check.title, { tag: check.tag }, async ({ device, hilRun }, testInfo) => {
        await runSuiteCheck(tests, model, check, { device, hilRun }, testInfo);
      });
    }
  });
}
