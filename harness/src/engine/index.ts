/**
 * Public API of hil's onnxruntime engine: runners (in a worker thread or a child process), the
 * scenario loops and the job format the on-board agent reads.
 */
export { createRunner, type Runner, type RunnerOptions, type RunOptions, type RunnerProgress } from './runner.js';
export { runSingleStream, runThroughput, runAccuracy } from './scenarios.js';
export { computeLatencyStats, nearestRank, medianCiRanks } from '../metrics/latency-stats.js';
export type {
  AgentJob,
  AgentResult,
  AgentModelSpec,
  SessionConfig,
  ScenarioParams,
  ScenarioResult,
  SingleStreamParams,
  SingleStreamResult,
  ThroughputParams,
  ThroughputResult,
  AccuracyParams,
  AccuracyResult,
  RunnerEnvironment,
  TimeWindow,
} from './job.js';
export { JOB_FORMAT, RESULT_FORMAT } from './job.js';
export { resolveSessionConfig, toOrtOptions } from './ort-session.js';
export { SINGLE_STREAM_DEFAULTS } from './single-stream.js';
export { THROUGHPUT_DEFAULTS } from './throughput.js';
