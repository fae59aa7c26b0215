// The detection suite. Its tests come from data: suites/detection.suite.yaml (models, dataset,
// accuracy tolerances) and devices/<type>.yaml (budgets). For each model, one test per check:
// mAP, mAP drop vs its baseline model, FPS, p99 latency, mean power, latency vs the stored
// baseline, batched throughput. Measurements are shared between the checks of a model.
// Add your own checks beside these with the same fixtures: `device` (the leased board) and `hilRun`.
import { test } from 'hil/suite/fixtures';
import { planDetectionSuite, runDetectionCheck } from 'hil/suite/detection-suite';

const plan = planDetectionSuite('detection');

for (const model of plan.models) {
  test.describe(model.name, () => {
    // A model's checks share its measurements: keep them in one worker (one board), in order.
    test.describe.configure({ mode: 'default' });
    for (const check of model.checks) {
      test(check.title, async ({ device, hilRun }, testInfo) => {
        await runDetectionCheck(plan, model, check, { device, hilRun }, testInfo);
      });
    }
  });
}
