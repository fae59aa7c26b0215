/**
 * Worker-thread entry of the local runner. session.run blocks the thread it runs on for the whole
 * inference (PITFALLS: 1.2 s event-loop gaps seen), so the session and the timing loop live here
 * and the main thread stays free for progress, heartbeats and timeouts.
 * Runs one scenario at a time, in message order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PreparedTensors } from '../inference/prepared-tensors.js';
import { executeScenario } from './execute-scenario.js';
import { openSession, type OpenedSession } from './ort-session.js';
import { serializeError } from './serialize-error.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('runner-worker must run as a worker thread');
const init = workerData as WorkerInit;
const post = (m: FromWorker): void => port.postMessage(m);

let opened: OpenedSession | undefined;
let queue: Promise<void> = Promise.resolve();

async function start(): Promise<void> {
  try {
    opened = await openSession(init.modelPath, init.spec, init.session);
    post({ type: 'ready', environment: opened.environment });
  } catch (error) {
    post({ type: 'init-error', error: serializeError(error) });
  }
}

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === 'close') {
    await opened?.session.release().catch(() => undefined);
    opened = undefined;
    post({ type: 'closed' });
    port!.close();
    return;
  }
  if (!opened) {
    post({ type: 'error', id: msg.id, error: { family: 'infrastructure', code: 'HIL_RUNNER_CLOSED', message: 'runner has no open session' } });
    return;
  }
  try {
    const tensors: PreparedTensors = msg.tensors;
    const result = await executeScenario(opened, init.spec, tensors, msg.params, (p) => post({ type: 'progress', id: msg.id, ...p }));
    post({ type: 'result', id: msg.id, result });
  } catch (error) {
    post({ type: 'error', id: msg.id, error: serializeError(error) });
  }
}

const ready = start();
port.on('message', (msg: ToWorker) => {
  queue = queue.then(() => ready).then(() => handle(msg));
});
