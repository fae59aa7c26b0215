/** A small allure-results folder written with hil's writer: one passed, one failed, one broken check. */
import { join } from 'node:path';
import { AllureResultsWriter } from '../../harness/src/report/allure/results-writer.js';
import type { CheckIdentity } from '../../harness/src/report/allure/check-description.js';
import { renderLatencyHistogram } from '../../harness/src/report/plots/latency-histogram.js';

export const IDENTITY: Omit<CheckIdentity, 'check'> = {
  device: 'jetson2',
  board: 'tx2-01',
  target: 'igpu',
  model: 'ssd-lite',
  variant: 'baseline',
  runner: 'trtexec',
  hilSuite: 'detection',
};

/** `fps` is the value measured this run, so two runs differ only in it (for history). */
export async function writeThreeChecks(resultsDir: string, fps: number): Promise<void> {
  const writer = new AllureResultsWriter(resultsDir);
  const samples = Array.from({ length: 200 }, (_, i) => 20 + ((i * 37) % 11) + (i % 50 === 0 ? 25 : 0));
  const histogram = await renderLatencyHistogram({
    samplesMs: samples,
    stats: { n: 200, medianMs: 25, p90Ms: 29, p99Ms: 45 },
    title: 'ssd-lite on jetson2/tx2-01 (igpu)',
    budgetP99Ms: 80,
  });
  const now = Date.now();
  writer.writeCheck({
    identity: { ...IDENTITY, check: 'p99' },
    verdict: { check: 'p99', status: 'passed', value: 45, unit: 'ms', limit: { op: '<=', value: 80, source: 'devices/jetson2.yaml' }, message: 'p99 45 ms ≤ 80 ms' },
    start: now - 2000,
    stop: now - 1000,
    steps: [{ name: 'measure single-stream latency', status: 'passed', start: now - 2000, stop: now - 1200 }],
    attachments: [
      { name: 'latency histogram', contentType: 'image/png', content: histogram },
      { name: 'metrics', contentType: 'application/json', content: JSON.stringify({ p99Ms: 45, n: 200 }) },
    ],
  });
  writer.writeCheck({
    identity: { ...IDENTITY, check: 'fps' },
    verdict: {
      check: 'fps',
      status: 'failed',
      value: fps,
      unit: 'fps',
      limit: { op: '>=', value: 14, source: 'devices/jetson2.yaml' },
      baseline: { value: 13.1, source: 'golden/baselines/jetson2/ssd-lite.json' },
      message: `fps ${fps} is below the budget of 14`,
    },
    start: now - 1000,
    stop: now - 500,
  });
  writer.writeCheck({
    identity: { ...IDENTITY, board: 'tx2-02', check: 'power' },
    verdict: { check: 'power', status: 'broken', value: null, unit: 'W', message: 'power not measured: board unreachable' },
    error: { message: '[HIL_SSH_CONNECT] tx2-02: ssh connection refused', trace: 'InfrastructureError: tx2-02: ssh connection refused\n    at connect' },
    start: now - 500,
    stop: now,
  });
}

export function resultsDirOf(root: string): string {
  return join(root, 'reports', 'allure-results');
}
