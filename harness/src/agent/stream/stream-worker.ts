/**
 * Entry of the stream's worker threads (camera or consumer, by workerData.role). Imported by the
 * coordinator for its path, which also puts it in the agent bundle (the bundle follows imports);
 * the role code runs only inside a worker started with stream workerData.
 */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { InfrastructureError } from '../../errors.js';
import { openSession } from '../ort-session.js';
import { serializeError } from '../serialize-error.js';
import { prepareConsumer } from './stream-consumer.js';
import { runProducer } from './stream-producer.js';
import { isStreamWorkerData, type FromStreamWorker, type StartMessage, type StreamWorkerData } from './stream-protocol.js';

/** The compiled script (worker threads need JavaScript; under vitest the sources map to harness/dist). */
export function streamWorkerPath(): string {
  const here = fileURLToPath(import.meta.url);
  let path = here;
  if (here.endsWith('.ts')) {
    const marker = `${sep}src${sep}agent${sep}stream`;
    const dir = dirname(here);
    path = join(dir.endsWith(marker) ? dir.slice(0, -marker.length) + `${sep}dist${sep}agent${sep}stream` : dir, 'stream-worker.js');
  }
  if (!existsSync(path)) {
    throw new InfrastructureError('HIL_AGENT_NOT_BUILT', `the compiled stream worker ${path} is missing`, { where: path, hint: 'run `npm run build`' });
  }
  return path;
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
