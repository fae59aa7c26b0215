import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { FrameRing } from '../../harness/src/engine/stream/frame-ring.js';

/** Camera side in one call: claim, fill every byte with the seq, publish. */
function capture(ring: FrameRing, policy: 'latest' | 'fifo', seq: number): { slot: number; overwritten: number | null } | null {
  const claim = ring.claimForWrite(policy, seq);
  if (claim) {
    ring.pixels(claim.slot).fill(seq & 0xff);
    ring.publish(claim.slot, seq, seq, BigInt(seq));
  }
  return claim;
}

describe('frame ring, latest policy (free-running: stale frames are overwritten)', () => {
  it('overwrites the oldest unread frame once every slot is full, and the consumer gets the newest', () => {
    const ring = FrameRing.create(3, 4);
    expect([0, 1, 2].map((s) => capture(ring, 'latest', s)!.overwritten)).toEqual([null, null, null]);
    // Slot of frame 0 is reused for frame 3: frame 0 is dropped without ever being read.
    expect(capture(ring, 'latest', 3)).toEqual({ slot: 0, overwritten: 0 });
    expect(capture(ring, 'latest', 4)!.overwritten).toBe(1);
    const taken = ring.take('latest')!;
    expect(taken.seq).toBe(4);
    expect([...ring.pixels(taken.slot)]).toEqual([4, 4, 4, 4]);
    // Older ready frames (2, 3) are stale now: freed for the camera, never handed out.
    expect(ring.states().filter((s) => s === 'ready')).toEqual([]);
    ring.release(taken.slot);
    expect(ring.take('latest', taken.seq)).toBeNull();
  });

  it('never writes into the slot being read', () => {
    const ring = FrameRing.create(3, 4);
    capture(ring, 'latest', 0);
    const reading = ring.take('latest')!;
    for (let seq = 1; seq < 20; seq += 1) expect(capture(ring, 'latest', seq)!.slot).not.toBe(reading.slot);
    expect([...ring.pixels(reading.slot)]).toEqual([0, 0, 0, 0]);
    ring.release(reading.slot);
    expect(ring.take('latest', reading.seq)!.seq).toBe(19);
  });

  it('with a single buffer, drops at capture while the consumer holds it', () => {
    const ring = FrameRing.create(1, 1);
    capture(ring, 'latest', 0);
    const held = ring.take('latest')!;
    expect(capture(ring, 'latest', 1)).toBeNull();
    ring.release(held.slot);
    expect(capture(ring, 'latest', 2)).toEqual({ slot: 0, overwritten: null });
  });
});

describe('frame ring, fifo policy (a queue: every stored frame is processed, in order)', () => {
  it('keeps every frame and hands them out oldest first', () => {
    const ring = FrameRing.create(5, 2);
    for (let seq = 0; seq < 5; seq += 1) expect(capture(ring, 'fifo', seq)!.overwritten).toBeNull();
    const seen: number[] = [];
    for (let t = ring.take('fifo'); t; t = ring.take('fifo')) {
      expect([...ring.pixels(t.slot)]).toEqual([t.seq, t.seq]);
      seen.push(t.seq);
      ring.release(t.slot);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('never overwrites: a full queue refuses the new frame (dropped at capture)', () => {
    const ring = FrameRing.create(2, 1);
    capture(ring, 'fifo', 0);
    capture(ring, 'fifo', 1);
    expect(capture(ring, 'fifo', 2)).toBeNull();
    expect(ring.take('fifo')!.seq).toBe(0);
  });

  it('interleaved with the consumer, keeps order across slot reuse', () => {
    const ring = FrameRing.create(2, 1);
    const seen: number[] = [];
    for (let seq = 0; seq < 10; seq += 1) {
      capture(ring, 'fifo', seq);
      if (seq % 2 === 1) {
        for (let t = ring.take('fifo'); t; t = ring.take('fifo')) {
          seen.push(t.seq);
          ring.release(t.slot);
        }
      }
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('frame ring across threads', () => {
  it.each(['latest', 'fifo'] as const)('%s: a camera thread at full speed never tears a frame the consumer reads', async (policy) => {
    const frames = 3000;
    const ring = FrameRing.create(policy === 'latest' ? 3 : 4, 4096);
    const module = pathToFileURL(path.resolve(import.meta.dirname, '../../harness/dist/engine/stream/frame-ring.js')).href;
    // The camera: every byte of frame `seq` is seq & 0xff; back to back, no pacing.
    const camera = new Worker(
      `const { workerData } = require('node:worker_threads');
       import(${JSON.stringify(module)}).then(({ FrameRing }) => {
         const ring = new FrameRing(workerData);
         for (let seq = 0; seq < ${frames}; seq += 1) {
           let claim;
           while (!(claim = ring.claimForWrite(${JSON.stringify(policy)}, seq))) if (${JSON.stringify(policy)} === 'latest') break;
           if (!claim) continue;
           ring.pixels(claim.slot).fill(seq & 0xff);
           ring.publish(claim.slot, seq, seq, BigInt(seq));
         }
         ring.finish();
       });`,
      { eval: true, workerData: ring.buffers },
    );
    const exited = new Promise((resolve) => camera.on('exit', resolve));
    const seen: number[] = [];
    let torn = 0;
    let last = -1;
    for (;;) {
      const done = ring.done;
      const seen0 = ring.publishedCount();
      const t = ring.take(policy, last);
      if (!t) {
        if (done) break;
        ring.waitForPublish(seen0, 50);
        continue;
      }
      const px = ring.pixels(t.slot);
      if (px.some((v) => v !== (t.seq & 0xff))) torn += 1;
      ring.release(t.slot);
      seen.push(t.seq);
      last = t.seq;
    }
    await exited;
    expect(torn).toBe(0);
    // Strictly increasing: latest never goes back to an older frame; fifo keeps capture order.
    expect(seen.every((s, i) => i === 0 || s > seen[i - 1]!)).toBe(true);
    // The camera retries a full fifo in this test (it has no clock to keep): every frame arrives.
    if (policy === 'fifo') expect(seen).toHaveLength(frames);
    else expect(seen.at(-1)).toBe(frames - 1);
  });
});
