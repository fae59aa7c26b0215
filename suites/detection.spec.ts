// The detection suite. Its tests come from the run's plan, made from data: suites/detection.suite.yaml
// (models, dataset, accuracy tolerances) and devices/<type>.yaml (budgets, required checks). For
// each model, one test per check that has a limit on the device: mAP@.5 (and mAP@[.5:.95]), mAP
// drop vs its baseline model, FPS, p99 latency, mean power, latency vs the stored baseline,
// batched throughput. Measurements are shared between the checks of a model.
// Add your own checks beside these with the same fixtures: `device` (the leased board) and `hilRun`.
import { test } from 'hil/suite/fixtures';
import { runSuiteCheck, suiteTests } from 'hil/suite/suite-tests';

const tests = suiteTests('detection');

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
