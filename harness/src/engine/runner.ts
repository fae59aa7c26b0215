/**
 * A Runner owns one onnxruntime session of one model and runs scenarios on it.
 * Isolation:
 * - 'worker' (default): session and timing loop in a worker thread, because session.run blocks
 *   its thread for the whole inference; prepared tensors are shared, not copied.
 * - 'child-process': the same service in a child process: a native crash or a hung inference
 *   cannot take the harness down (tensors are copied over IPC per run).
 * - 'in-process': the same loop on the calling thread, for tools with nothing else to do.
 * Boards run the same loop through `agent-main.js`, so local and remote numbers come from one code.
 */
import { InfrastructureError } from '../errors.js';
import type { ProgressFn } from './clock.js';
import { executeScenario } from './execute-scenario.js';
import type { AgentModelSpec, RunnerEnvironment, ScenarioParams, ScenarioResult, SessionConfig } from './job.js';
import { openSession } from './ort-session.js';
import { deserializeError } from './serialize-error.js';
import type { FromWorker, WorkerInit } from './worker-protocol.js';
import type { PreparedTensors } from '../inference/prepared-tensors.js';
import { startChildHost, startWorkerHost, type RunnerHost } from './runner-host.js';

export type RunnerProgress = Parameters<ProgressFn>[0];

export interface RunnerOptions {
  /** onnxruntime session options; unset fields get hil's defaults (see SessionConfig). */
  session?: SessionConfig;
  /** @default 'worker' */
  isolation?: 'worker' | 'child-process' | 'in-process';
  /** After an abort, how long the runner waits for the loop to stop before giving up on it. @default 10000 */
  abortGraceMs?: number;
}

export interface RunOptions {
  /** Stops the scenario between two inferences; the promise rejects with the signal's reason at once. */
  signal?: AbortSignal;
  /** About once a second during a scenario. */
  onProgress?: (p: RunnerProgress) => void;
}

export interface Runner {
  readonly modelPath: string;
  readonly isolation: 'worker' | 'child-process' | 'in-process';
  readonly environment: RunnerEnvironment;
  run(params: ScenarioParams, tensors: PreparedTensors, options?: RunOptions): Promise<ScenarioResult>;
  close(): Promise<void>;
}

export async function createRunner(modelPath: string, spec: AgentModelSpec, options: RunnerOptions = {}): Promise<Runner> {
  const init: WorkerInit = { modelPath, spec, session: options.session };
  if (options.isolation === 'in-process') {
    const opened = await openSession(modelPath, spec, options.session);
    return {
      modelPath,
      isolation: 'in-process',
      environment: opened.environment,
      run: (params, tensors, run = {}) => executeScenario(opened, spec, tensors, params, run),
      close: () => opened.session.release(),
    };
  }
  const host = options.isolation === 'child-process' ? startChildHost(init) : startWorkerHost(init);
  const environment = await waitReady(host, modelPath);
  return new HostedRunner(modelPath, host, environment, options.abortGraceMs ?? 10_000);
}

function waitReady(host: RunnerHost, modelPath: string): Promise<RunnerEnvironment> {
  return new Promise((resolve, reject) => {
    const listener = (m: FromWorker): void => {
      if (m.type === 'ready') {
        host.offMessage(listener);
        resolve(m.environment);
      } else if (m.type === 'init-error') {
        host.offMessage(listener);
        host.post({ type: 'close' });
        reject(deserializeError(m.error, modelPath));
      }
    };
    host.onMessage(listener);
    host.onExit((why) => reject(new InfrastructureError('HIL_RUNNER_CRASHED', `runner for ${modelPath} ${why} while starting`)));
  });
}

interface Pending {
  resolve: (r: ScenarioResult) => void;
  reject: (e: unknown) => void;
  onProgress?: RunOptions['onProgress'];
}

class HostedRunner implements Runner {
  readonly modelPath: string;
  readonly isolation: 'worker' | 'child-process';
  readonly environment: RunnerEnvironment;
  #host: RunnerHost;
  #grace: number;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  /** Aborted runs whose loop has not reported back yet. */
  #stopping = new Map<number, NodeJS.Timeout>();
  #closed: string | undefined;

  constructor(modelPath: string, host: RunnerHost, environment: RunnerEnvironment, graceMs: number) {
    this.modelPath = modelPath;
    this.isolation = host.kind;
    this.environment = environment;
    this.#host = host;
    this.#grace = graceMs;
    host.onMessage((m) => this.#onMessage(m));
    host.onExit((why) => {
      this.#closed ??= `runner for ${modelPath} ${why}`;
      const error = new InfrastructureError('HIL_RUNNER_CRASHED', `runner for ${modelPath} ${why}`);
      for (const p of [...this.#pending.values()]) p.reject(error);
      for (const t of this.#stopping.values()) clearTimeout(t);
    });
    host.unref(); // an idle runner must not keep the process alive; run() refs it while busy
  }

  run(params: ScenarioParams, tensors: PreparedTensors, options: RunOptions = {}): Promise<ScenarioResult> {
    if (this.#closed) return Promise.reject(new InfrastructureError('HIL_RUNNER_CLOSED', this.#closed));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.#nextId++;
    // A SharedArrayBuffer cannot cross a process boundary: copy for a child.
    const sent = this.isolation === 'child-process' && tensors.data.buffer instanceof SharedArrayBuffer ? { ...tensors, data: new Float32Array(tensors.data) } : tensors;
    return new Promise<ScenarioResult>((resolve, reject) => {
      const onAbort = (): void => {
        this.#settle(id);
        this.#host.post({ type: 'abort', id });
        this.#stopping.set(id, setTimeout(() => this.#giveUp(id), this.#grace));
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = (): void => signal?.removeEventListener('abort', onAbort);
      this.#pending.set(id, {
        resolve: (r) => (cleanup(), resolve(r)),
        reject: (e) => (cleanup(), reject(e)),
        onProgress: options.onProgress,
      });
      this.#host.ref();
      this.#host.post({ type: 'run', id, params, tensors: sent });
    });
  }

  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = `runner for ${this.modelPath} is closed`;
      this.#host.ref();
      this.#host.post({ type: 'close' });
    }
    await this.#host.exited;
  }

  #onMessage(m: FromWorker): void {
    if (m.type === 'progress') {
      const { id, type: _type, ...p } = m;
      this.#pending.get(id)?.onProgress?.(p);
      return;
    }
    if (m.type !== 'result' && m.type !== 'error') return;
    const stop = this.#stopping.get(m.id);
    if (stop) {
      clearTimeout(stop);
      this.#stopping.delete(m.id);
      this.#idle();
      return;
    }
    const p = this.#settle(m.id);
    if (m.type === 'result') p?.resolve(m.result);
    else p?.reject(deserializeError(m.error, this.modelPath));
  }

  #settle(id: number): Pending | undefined {
    const p = this.#pending.get(id);
    this.#pending.delete(id);
    this.#idle();
    return p;
  }

  #idle(): void {
    if (this.#pending.size === 0 && this.#stopping.size === 0) this.#host.unref();
  }

  /** An aborted loop did not stop in time: an inference hangs. Kill what can be killed. */
  #giveUp(id: number): void {
    this.#stopping.delete(id);
    this.#closed = `runner for ${this.modelPath} did not stop within ${this.#grace} ms of an abort`;
    if (this.#host.canKill) this.#host.kill();
    else this.#host.unref(); // a worker inside session.run cannot be terminated safely
  }
}
