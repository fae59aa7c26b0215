/**
 * A Runner owns one onnxruntime session of one model and runs scenarios on it.
 * Default isolation is a worker thread: session.run blocks its thread for the whole inference, so
 * the session and the timing loop live in the worker (agent/runner-worker.ts) and this thread stays
 * responsive (progress, heartbeats, timeouts, aborts). 'in-process' runs the very same loop on the
 * calling thread, for tools that have nothing else to do meanwhile.
 * Boards run the same loop through `agent-main.js` (see agent/), so local and remote numbers come
 * from one piece of code.
 */
import { Worker } from 'node:worker_threads';
import { InfrastructureError } from '../errors.js';
import { agentScriptPath } from '../agent/agent-paths.js';
import type { ProgressFn } from '../agent/clock.js';
import { executeScenario } from '../agent/execute-scenario.js';
import type { AgentModelSpec, RunnerEnvironment, ScenarioParams, ScenarioResult, SessionConfig } from '../agent/job.js';
import { openSession } from '../agent/ort-session.js';
import { deserializeError } from '../agent/serialize-error.js';
import type { FromWorker, ToWorker, WorkerInit } from '../agent/worker-protocol.js';
import type { PreparedTensors } from './prepared-tensors.js';

export type RunnerProgress = Parameters<ProgressFn>[0];

export interface RunnerOptions {
  /** onnxruntime session options; unset fields get hil's defaults (see SessionConfig). */
  session?: SessionConfig;
  /** @default 'worker' */
  isolation?: 'worker' | 'in-process';
}

export interface RunOptions {
  /** Aborting terminates the worker (session.run cannot be interrupted otherwise); the runner is closed. */
  signal?: AbortSignal;
  /** About once a second during a scenario. */
  onProgress?: (p: RunnerProgress) => void;
}

export interface Runner {
  readonly modelPath: string;
  readonly environment: RunnerEnvironment;
  run(params: ScenarioParams, tensors: PreparedTensors, options?: RunOptions): Promise<ScenarioResult>;
  close(): Promise<void>;
}

export async function createRunner(modelPath: string, spec: AgentModelSpec, options: RunnerOptions = {}): Promise<Runner> {
  if (options.isolation === 'in-process') {
    const opened = await openSession(modelPath, spec, options.session);
    return {
      modelPath,
      environment: opened.environment,
      run: (params, tensors, run = {}) => {
        run.signal?.throwIfAborted();
        return executeScenario(opened, spec, tensors, params, run.onProgress);
      },
      close: () => opened.session.release(),
    };
  }
  return WorkerRunner.start(modelPath, { modelPath, spec, session: options.session });
}

class WorkerRunner implements Runner {
  readonly modelPath: string;
  readonly environment: RunnerEnvironment;
  #worker: Worker;
  #nextId = 1;
  #pending = new Map<number, { resolve: (r: ScenarioResult) => void; reject: (e: unknown) => void; onProgress?: RunOptions['onProgress'] }>();
  #closed = false;
  #exited: Promise<void>;

  private constructor(modelPath: string, worker: Worker, environment: RunnerEnvironment, exited: Promise<void>) {
    this.modelPath = modelPath;
    this.#worker = worker;
    this.environment = environment;
    this.#exited = exited;
    worker.on('message', (m: FromWorker) => this.#onMessage(m));
    worker.on('error', (e) => this.#failAll(new InfrastructureError('HIL_RUNNER_CRASHED', `runner worker for ${modelPath} failed: ${e.message}`, { cause: e })));
    worker.on('exit', (code) => {
      this.#closed = true;
      this.#failAll(new InfrastructureError('HIL_RUNNER_CRASHED', `runner worker for ${modelPath} exited (code ${code})`));
    });
    worker.unref(); // an idle runner must not keep the process alive; run() refs it while busy
  }

  static start(modelPath: string, init: WorkerInit): Promise<WorkerRunner> {
    const worker = new Worker(agentScriptPath('runner-worker.js'), { workerData: init });
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    return new Promise((resolve, reject) => {
      const onMessage = (m: FromWorker): void => {
        if (m.type === 'ready') {
          cleanup();
          resolve(new WorkerRunner(modelPath, worker, m.environment, exited));
        } else if (m.type === 'init-error') {
          cleanup();
          void worker.terminate();
          reject(deserializeError(m.error, modelPath));
        }
      };
      const onError = (e: Error): void => {
        cleanup();
        reject(new InfrastructureError('HIL_RUNNER_CRASHED', `runner worker for ${modelPath} failed to start: ${e.message}`, { cause: e }));
      };
      const onExit = (code: number): void => {
        cleanup();
        reject(new InfrastructureError('HIL_RUNNER_CRASHED', `runner worker for ${modelPath} exited during start (code ${code})`));
      };
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  run(params: ScenarioParams, tensors: PreparedTensors, options: RunOptions = {}): Promise<ScenarioResult> {
    if (this.#closed) return Promise.reject(new InfrastructureError('HIL_RUNNER_CLOSED', `runner for ${this.modelPath} is closed`));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.#nextId++;
    return new Promise<ScenarioResult>((resolve, reject) => {
      const onAbort = (): void => {
        this.#pending.delete(id);
        reject(signal!.reason);
        void this.#terminate();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        if (this.#pending.size === 0) this.#worker.unref();
      };
      this.#pending.set(id, {
        resolve: (r) => (this.#pending.delete(id), done(), resolve(r)),
        reject: (e) => (this.#pending.delete(id), done(), reject(e)),
        onProgress: options.onProgress,
      });
      this.#worker.ref();
      const msg: ToWorker = { type: 'run', id, params, tensors };
      this.#worker.postMessage(msg);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return this.#exited;
    this.#closed = true;
    this.#worker.ref();
    const close: ToWorker = { type: 'close' };
    this.#worker.postMessage(close);
    const timer = setTimeout(() => void this.#worker.terminate(), 5_000);
    await this.#exited;
    clearTimeout(timer);
  }

  async #terminate(): Promise<void> {
    this.#closed = true;
    await this.#worker.terminate();
  }

  #onMessage(m: FromWorker): void {
    if (m.type === 'progress') {
      const { id, type: _type, ...p } = m;
      this.#pending.get(id)?.onProgress?.(p);
    } else if (m.type === 'result') this.#pending.get(m.id)?.resolve(m.result);
    else if (m.type === 'error') this.#pending.get(m.id)?.reject(deserializeError(m.error, this.modelPath));
  }

  #failAll(error: Error): void {
    for (const p of [...this.#pending.values()]) p.reject(error);
  }
}
