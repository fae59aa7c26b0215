import PQueue from 'p-queue';

const queues = new Map<string, PQueue>();

/**
 * One queue per board, concurrency 1: nothing ever measures (or deploys, or health-checks) two
 * things on one board at once within this process. Across processes the lease does that.
 */
export function boardQueue(board: string): PQueue {
  let queue = queues.get(board);
  if (!queue) {
    queue = new PQueue({ concurrency: 1 });
    queues.set(board, queue);
  }
  return queue;
}
