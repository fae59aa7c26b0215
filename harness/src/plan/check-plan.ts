import type { LoadedSuite } from '../config/load-suite.js';

export type PlannedCheckKind = 'map' | 'map-drop' | 'fps' | 'p99' | 'power' | 'latency-regression' | 'throughput';

export interface PlannedCheck {
  kind: PlannedCheckKind;
  /** Test title; stable across runs and boards so Allure history follows it. */
  title: string;
  scenario: 'accuracy' | 'single-stream' | 'throughput';
}

/**
 * The checks of one model, decided from data only (suite file and manifest), so that every
 * Playwright project (device) gets the same tests; a check without a budget on a device is skipped there.
 */
export function planChecks(suite: LoadedSuite, model: { name: string; baseline?: string | undefined }, modelNames: ReadonlySet<string>): PlannedCheck[] {
  const checks: PlannedCheck[] = [];
  if (suite.scenarios.accuracy) {
    checks.push({ kind: 'map', title: 'accuracy: mAP', scenario: 'accuracy' });
    if (model.baseline && modelNames.has(model.baseline)) {
      checks.push({ kind: 'map-drop', title: `accuracy: mAP drop vs ${model.baseline}`, scenario: 'accuracy' });
    }
  }
  if (suite.scenarios.singleStream) {
    checks.push({ kind: 'fps', title: 'single-stream: FPS', scenario: 'single-stream' });
    checks.push({ kind: 'p99', title: 'single-stream: p99 latency', scenario: 'single-stream' });
    checks.push({ kind: 'power', title: 'single-stream: mean power', scenario: 'single-stream' });
    checks.push({ kind: 'latency-regression', title: 'single-stream: latency vs stored baseline', scenario: 'single-stream' });
  }
  if (suite.scenarios.throughput) {
    checks.push({ kind: 'throughput', title: 'throughput: batched FPS', scenario: 'throughput' });
  }
  return checks;
}
