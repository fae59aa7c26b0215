/**
 * Worker-thread host of the runner service (the default isolation). session.run blocks the
 * thread it runs on for the whole inference (PITFALLS: 1.2 s event-loop gaps seen), so the
 * session and the timing loop live here and the main thread stays free.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveRunner } from './runner-service.js';
import type { WorkerInit } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('runner-worker must run as a worker thread');
serveRunner(workerData as WorkerInit, {
  post: (m) => port.postMessage(m),
  onMessage: (listener) => port.on('message', listener),
  close: () => port.close(),
});
