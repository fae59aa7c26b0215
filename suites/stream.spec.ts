// The live-camera suite. Its tests come from data: suites/stream.suite.yaml (models, frame
// sequence, camera FPS, ring policy) and devices/<type>.yaml (streamFpsMin, streamP99MaxMs).
// For each model: processed FPS, glass-to-glass p99 (with a latency-over-time plot per stream),
// mAP on the frames actually processed; `hil run --suite stream --streams 4` adds the wall's total.
import { test } from 'hil/suite/fixtures';
import { planStreamSuite, runStreamSuiteCheck } from 'hil/suite/stream-suite';

const plan = planStreamSuite('stream');

for (const model of plan.models) {
  test.describe(model.name, () => {
    // A model's checks share its measurements: keep them in one worker (one board), in order.
    test.describe.configure({ mode: 'default' });
    for (const check of model.checks) {
      test(check.title, async ({ device, hilRun }, testInfo) => {
        await runStreamSuiteCheck(plan, model, check, { device, hilRun }, testInfo);
      });
    }
  });
}
