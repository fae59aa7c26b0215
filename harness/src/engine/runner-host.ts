/**
 * The main-thread end of a runner service: a worker thread (default; shares prepared tensors
 * without copying) or a child process (crash isolation; can be killed when an inference hangs).
 */
import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { compiledSibling } from '../files/compiled-path.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol.js';

export interface RunnerHost {
  readonly kind: 'worker' | 'child-process';
  post(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  offMessage(listener: (message: FromWorker) => void): void;
  /** Called once when the thread or process is gone, with why. */
  onExit(listener: (why: string) => void): void;
  /** Keep the process alive while busy; let it exit while idle. */
  ref(): void;
  unref(): void;
  /** Hard stop. Only a child process can be killed safely during an inference. */
  readonly canKill: boolean;
  kill(): void;
  readonly exited: Promise<void>;
}

export function startWorkerHost(init: WorkerInit): RunnerHost {
  const worker = new Worker(compiledSibling(import.meta.url, 'runner-worker.js'), { workerData: init });
  const exitListeners: Array<(why: string) => void> = [];
  const exited = new Promise<void>((resolve) => {
    let why = 'exited';
    worker.on('error', (e) => (why = `failed: ${e.message}`));
    worker.on('exit', (code) => {
      for (const l of exitListeners) l(`${why} (code ${code})`);
      resolve();
    });
  });
  return {
    kind: 'worker',
    post: (m) => worker.postMessage(m),
    onMessage: (l) => void worker.on('message', l),
    offMessage: (l) => void worker.off('message', l),
    onExit: (l) => void exitListeners.push(l),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    canKill: false,
    kill: () => worker.unref(),
    exited,
  };
}

export function startChildHost(init: WorkerInit): RunnerHost {
  const child = fork(compiledSibling(import.meta.url, 'runner-child.js'), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exitListeners: Array<(why: string) => void> = [];
  const exited = new Promise<void>((resolve) => {
    let why = 'exited';
    child.on('error', (e) => (why = `failed: ${e.message}`));
    child.on('exit', (code, signal) => {
      for (const l of exitListeners) l(`${why} (${signal ? `signal ${signal}` : `code ${code}`})`);
      resolve();
    });
  });
  child.send({ type: 'init', init } satisfies ToWorker);
  return {
    kind: 'child-process',
    post: (m) => void child.send(m),
    onMessage: (l) => void child.on('message', l),
    offMessage: (l) => void child.off('message', l),
    onExit: (l) => void exitListeners.push(l),
    ref: () => {
      child.ref();
      child.channel?.ref();
    },
    unref: () => {
      child.unref();
      child.channel?.unref();
    },
    canKill: true,
    kill: () => void child.kill('SIGKILL'),
    exited,
  };
}
