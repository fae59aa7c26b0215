/**
 * Entry of the stream's worker threads (camera or consumer, by workerData.role). Imported by the
 * coordinator for its path, which also puts it in the agent bundle (the bundle follows imports);
 * the role code runs only inside a worker started with stream workerData.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { compiledSibling } from '../../files/compiled-path.js';
import { openSession } from '../ort-session.js';
import { serializeError } from '../serialize-error.js';
import { prepareConsumer } from './stream-consumer.js';
import { runProducer } from './stream-producer.js';
import { isStreamWorkerData, type FromStreamWorker, type StartMessage, type StreamWorkerData } from './stream-protocol.js';

/** The compiled script (worker threads need JavaScript; under vitest the sources map to harness/dist). */
export function streamWorkerPath(): string {
  return compiledSibling(import.meta.url, 'stream-worker.js');
}

async function serve(data: StreamWorkerData): Promise<void> {
  const port = parentPort!;
  const post = (m: FromStreamWorker): void => port.postMessage(m);
  const started = new Promise<bigint>((resolve) => port.once('message', (m: StartMessage) => resolve(m.t0Ns)));
  try {
    if (data.role === 'producer') {
      post({ type: 'ready' });
      post({ type: 'producer-done', log: runProducer(data, await started) });
      return;
    }
    const opened = await openSession(data.modelPath, data.spec, data.session);
    try {
      const consumer = await prepareConsumer(data, opened);
      post({ type: 'ready' });
      post({ type: 'consumer-done', log: await consumer.run(await started) });
    } finally {
      await opened.session.release().catch(() => undefined);
    }
  } catch (error) {
    post({ type: 'error', error: serializeError(error) });
  } finally {
    port.close();
  }
}

if (!isMainThread && isStreamWorkerData(workerData)) void serve(workerData);
