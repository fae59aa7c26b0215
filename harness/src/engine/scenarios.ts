/**
 * Typed shorthands over Runner.run, one per scenario (defaults in agent/single-stream.ts,
 * agent/throughput.ts; percentile and CI definitions in metrics/latency-stats.ts).
 */
import type {
  AccuracyParams,
  AccuracyResult,
  SingleStreamParams,
  SingleStreamResult,
  ThroughputParams,
  ThroughputResult,
} from './job.js';
import type { PreparedTensors } from '../inference/prepared-tensors.js';
import type { RunOptions, Runner } from './runner.js';

type Params<T> = Omit<T, 'scenario'>;

export async function runSingleStream(
  runner: Runner,
  tensors: PreparedTensors,
  params: Params<SingleStreamParams> = {},
  options?: RunOptions,
): Promise<SingleStreamResult> {
  return (await runner.run({ ...params, scenario: 'single-stream' }, tensors, options)) as SingleStreamResult;
}

export async function runThroughput(
  runner: Runner,
  tensors: PreparedTensors,
  params: Params<ThroughputParams> = {},
  options?: RunOptions,
): Promise<ThroughputResult> {
  return (await runner.run({ ...params, scenario: 'throughput' }, tensors, options)) as ThroughputResult;
}

export async function runAccuracy(
  runner: Runner,
  tensors: PreparedTensors,
  params: Params<AccuracyParams> = {},
  options?: RunOptions,
): Promise<AccuracyResult> {
  return (await runner.run({ ...params, scenario: 'accuracy' }, tensors, options)) as AccuracyResult;
}
