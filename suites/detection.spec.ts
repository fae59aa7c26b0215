// The detection suite. Its tests come from data: suites/detection.suite.yaml (models, dataset,
// tolerances) and devices/<type>.yaml (budgets). For each model, one test per check:
// mAP, mAP drop vs its baseline model, FPS, p99 latency, mean power, latency vs the stored
// baseline, batched throughput. Write your own checks next to it with `test` from 'hil/suite/fixtures'.
import { defineDetectionSuite } from 'hil/suite/detection-suite';

defineDetectionSuite('detection');
