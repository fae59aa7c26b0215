/**
 * Public API of hil, for users' configs and scripts. Suites import their fixtures from
 * 'hil/suite/fixtures' (kept out of here so loading a config never loads Playwright).
 */
export * from './errors.js';
export { defineConfig } from './config/define-config.js';
export type { HilConfig, ResolvedHilConfig } from './config/define-config.js';
export * from './inference/index.js';
export * from './engine/index.js';
export { evaluateCoco, COCO_STAT_NAMES, type CocoEvalResult } from './metrics/coco-eval.js';
export { evaluateVocOnCoco } from './metrics/voc-eval-coco.js';
export { compareLatency } from './metrics/latency-compare.js';
export { decideVerdicts, type Budget, type Tolerance, type VerdictRules } from './metrics/verdicts.js';
export { powerStats } from './metrics/power-stats.js';
export { loadCocoGroundTruth } from './datasets/coco-ground-truth.js';
export { loadCocoDetections } from './datasets/coco-detections.js';
export { loadManifest } from './config/load-manifest.js';
export type { Verdict, LatencyStats, PowerStats, ModelMeasurement, CheckStatus } from './results/check-result.js';
