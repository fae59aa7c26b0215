/** Messages between a Runner (main thread) and its worker thread (runner-worker.ts). */
import type { PreparedTensors } from '../inference/prepared-tensors.js';
import type { AgentModelSpec, RunnerEnvironment, ScenarioParams, ScenarioResult, SerializedError, SessionConfig } from './job.js';

export interface WorkerInit {
  modelPath: string;
  spec: AgentModelSpec;
  session?: SessionConfig;
}

export type ToWorker =
  | { type: 'run'; id: number; params: ScenarioParams; tensors: PreparedTensors }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; environment: RunnerEnvironment }
  | { type: 'init-error'; error: SerializedError }
  | { type: 'progress'; id: number; phase: string; done: number; target: number; elapsedMs: number }
  | { type: 'result'; id: number; result: ScenarioResult }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'closed' };
