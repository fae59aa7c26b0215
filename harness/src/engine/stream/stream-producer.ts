/**
 * The camera: replays the frame store at a fixed rate into the ring. Capture k is scheduled at
 * t0 + k / fps on the shared monotonic clock and stamped when the camera starts writing it. A
 * late capture (the machine was busy) is taken at once and stamped late, never skipped, and the
 * largest delay is reported. The camera never waits for the consumer: what the policy finds no
 * room for is dropped.
 */
import { nowNs } from '../clock.js';
import { FrameRing } from './frame-ring.js';
import type { ProducerData, ProducerLog } from './stream-protocol.js';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleepUntil(targetNs: bigint): void {
  for (;;) {
    const remaining = targetNs - nowNs();
    if (remaining <= 0n) return;
    Atomics.wait(sleeper, 0, 0, Number(remaining) / 1e6);
  }
}

export function runProducer(data: ProducerData, t0Ns: bigint): ProducerLog {
  const ring = new FrameRing(data.ring);
  const frameSize = ring.frameBytes;
  const periodNs = 1e9 / data.cameraFps;
  const captureMs: number[] = [];
  const droppedAtCapture: number[] = [];
  let lateMaxNs = 0n;
  try {
    for (let seq = 0; seq < data.count; seq += 1) {
      const scheduled = t0Ns + BigInt(Math.round(seq * periodNs));
      sleepUntil(scheduled);
      if (ring.stopped) break;
      const captured = nowNs();
      if (captured - scheduled > lateMaxNs) lateMaxNs = captured - scheduled;
      captureMs.push(Number(captured - t0Ns) / 1e6);
      const claim = ring.claimForWrite(data.policy, seq);
      if (!claim) {
        droppedAtCapture.push(seq);
        continue;
      }
      ring.pixels(claim.slot).set(data.pixels.subarray(seq * frameSize, (seq + 1) * frameSize));
      ring.publish(claim.slot, seq, seq, captured);
    }
  } finally {
    ring.finish();
  }
  return { captureMs, droppedAtCapture, lateMaxMs: Number(lateMaxNs) / 1e6 };
}
