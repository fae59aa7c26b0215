/**
 * Messages between a Runner (main thread) and the runner service in its worker thread or child
 * process (runner-service.ts). Structured-clonable only.
 */
import type { PreparedTensors } from '../inference/prepared-tensors.js';
import type { AgentModelSpec, RunnerEnvironment, ScenarioParams, ScenarioResult, SerializedError, SessionConfig } from './job.js';

export interface WorkerInit {
  modelPath: string;
  spec: AgentModelSpec;
  session?: SessionConfig;
}

export type ToWorker =
  /** Child processes get their init as the first message (worker threads get workerData). */
  | { type: 'init'; init: WorkerInit }
  | { type: 'run'; id: number; params: ScenarioParams; tensors: PreparedTensors }
  /** Stop run `id` at the next gap between inferences; it then answers with an error. */
  | { type: 'abort'; id: number }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; environment: RunnerEnvironment }
  | { type: 'init-error'; error: SerializedError }
  | { type: 'progress'; id: number; phase: string; done: number; target: number; elapsedMs: number }
  | { type: 'result'; id: number; result: ScenarioResult }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'closed' };
