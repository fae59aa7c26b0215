/**
 * The runner service: one onnxruntime session, scenarios run one at a time in message order.
 * Hosted by a worker thread (runner-worker.ts) or a child process (runner-child.ts); the host only
 * supplies the channel. Aborts are cooperative: the loop stops between two inferences. Terminating
 * a worker thread inside session.run kills the whole process (onnxruntime-node throws a C++
 * Napi::Error into a dying environment: "terminate called after throwing an instance of
 * 'Napi::Error'", reproduced), so a host never terminates a busy worker.
 */
import { InfrastructureError } from '../errors.js';
import { executeScenario } from './execute-scenario.js';
import { openSession, type OpenedSession } from './ort-session.js';
import { serializeError } from './serialize-error.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol.js';

export interface ServiceChannel {
  post(message: FromWorker): void;
  onMessage(listener: (message: ToWorker) => void): void;
  /** Let the host's thread or process end. */
  close(): void;
}

export function serveRunner(init: WorkerInit, channel: ServiceChannel): void {
  let opened: OpenedSession | undefined;
  let queue: Promise<void> = Promise.resolve();
  const controllers = new Map<number, AbortController>();

  const ready = (async () => {
    try {
      opened = await openSession(init.modelPath, init.spec, init.session);
      channel.post({ type: 'ready', environment: opened.environment });
    } catch (error) {
      channel.post({ type: 'init-error', error: serializeError(error) });
    }
  })();

  const handle = async (msg: ToWorker): Promise<void> => {
    if (msg.type === 'close') {
      await opened?.session.release().catch(() => undefined);
      opened = undefined;
      channel.post({ type: 'closed' });
      channel.close();
      return;
    }
    if (msg.type !== 'run') return;
    const controller = controllers.get(msg.id) ?? new AbortController();
    try {
      if (!opened) throw new InfrastructureError('HIL_RUNNER_CLOSED', 'runner has no open session');
      controller.signal.throwIfAborted();
      const result = await executeScenario(opened, init.spec, msg.tensors, msg.params, {
        signal: controller.signal,
        onProgress: (p) => channel.post({ type: 'progress', id: msg.id, ...p }),
      });
      channel.post({ type: 'result', id: msg.id, result });
    } catch (error) {
      channel.post({ type: 'error', id: msg.id, error: serializeError(error) });
    } finally {
      controllers.delete(msg.id);
    }
  };

  channel.onMessage((msg) => {
    // Aborts act at once (the running loop sees them between inferences); the rest is queued.
    if (msg.type === 'abort') {
      controllers.get(msg.id)?.abort(new InfrastructureError('HIL_RUN_ABORTED', `run ${msg.id} aborted`));
      return;
    }
    if (msg.type === 'run') controllers.set(msg.id, new AbortController());
    queue = queue.then(() => ready).then(() => handle(msg));
  });
}
