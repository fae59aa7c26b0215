/**
 * Child-process host of the runner service (isolation 'child-process'): a native crash in
 * onnxruntime takes down only this process, and a hung inference can be killed. Started by the
 * Runner with an IPC channel ('advanced' serialization, so typed arrays cross intact); the first
 * message carries the init.
 */
import { serveRunner } from './runner-service.js';
import type { ToWorker } from './worker-protocol.js';

const send = process.send?.bind(process);
if (!send) throw new Error('runner-child must be started with an IPC channel');
process.once('message', (first: ToWorker) => {
  if (first.type !== 'init') throw new Error(`runner-child: expected init, got ${first.type}`);
  serveRunner(first.init, {
    post: (m) => void send(m),
    onMessage: (listener) => process.on('message', listener),
    close: () => process.disconnect(),
  });
});
