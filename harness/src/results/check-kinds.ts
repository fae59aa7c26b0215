/**
 * Every check hil decides, with the name reports use, the scenario that measures it and the unit
 * of its value. A check has a limit; a figure without one is not a check (it is shown with its
 * model as a figure and never counted as passed).
 */
export const CHECK_KINDS = [
  'map',
  'map50',
  'map-drop',
  'map50-drop',
  'map50-vs-fp32',
  'fps',
  'p99',
  'power',
  'throughput',
  'latency-regression',
  'stream-fps',
  'stream-p99',
  'compare-latency',
  'compare-map50',
] as const;

export type CheckKind = (typeof CHECK_KINDS)[number];

export type Scenario = 'accuracy' | 'single-stream' | 'throughput' | 'stream' | 'compare';

export interface CheckKindInfo {
  /** Test title: stable across runs and boards, so Allure history follows it. */
  title: string;
  scenario: Scenario;
  unit: string;
}

export const CHECK_INFO: Readonly<Record<CheckKind, CheckKindInfo>> = {
  map: { title: 'accuracy: mAP@[.5:.95]', scenario: 'accuracy', unit: 'AP@[.5:.95]' },
  map50: { title: 'accuracy: mAP@.5', scenario: 'accuracy', unit: 'AP@.5' },
  'map-drop': { title: 'accuracy: mAP@[.5:.95] drop vs its baseline model', scenario: 'accuracy', unit: 'points' },
  'map50-drop': { title: 'accuracy: mAP@.5 drop vs its baseline model', scenario: 'accuracy', unit: 'points' },
  'map50-vs-fp32': { title: 'accuracy: mAP@.5 vs the same model in FP32', scenario: 'accuracy', unit: '× FP32' },
  fps: { title: 'single-stream: FPS', scenario: 'single-stream', unit: 'FPS' },
  p99: { title: 'single-stream: p99 latency', scenario: 'single-stream', unit: 'ms' },
  power: { title: 'single-stream: mean power', scenario: 'single-stream', unit: 'W' },
  throughput: { title: 'throughput: batched FPS', scenario: 'throughput', unit: 'FPS' },
  'latency-regression': { title: 'single-stream: latency vs stored baseline', scenario: 'single-stream', unit: '%' },
  'stream-fps': { title: 'stream: processed FPS', scenario: 'stream', unit: 'FPS' },
  'stream-p99': { title: 'stream: glass-to-glass p99', scenario: 'stream', unit: 'ms' },
  'compare-latency': { title: 'compare: latency new vs old (interleaved)', scenario: 'compare', unit: '%' },
  'compare-map50': { title: 'compare: mAP@.5 new vs old', scenario: 'compare', unit: 'points' },
};

export function isCheckKind(value: string): value is CheckKind {
  return (CHECK_KINDS as readonly string[]).includes(value);
}
