/**
 * The ring of camera buffers shared by a camera (producer) thread and a detector (consumer)
 * thread: SharedArrayBuffers and Atomics, no locks, no messages per frame. Each slot has a state:
 *   FREE -> WRITING (camera fills it) -> READY (published with its capture stamp)
 *        -> READING (consumer preprocesses from it) -> FREE
 * and a READY slot may go back to WRITING when the camera overwrites a stale frame (`latest`).
 * Every transition the other thread could race with is a compareExchange, so a slot is never
 * written while it is read: the camera never blocks and the consumer never sees a torn frame.
 *
 * Policies:
 * - latest: the camera writes into a FREE slot, else overwrites the oldest READY one (that frame
 *   is dropped); the consumer takes the newest READY frame and discards older ones.
 * - fifo: the camera writes into a FREE slot only (none free: the frame is dropped at capture);
 *   the consumer takes the oldest READY frame, so every stored frame is processed in order.
 */
import type { StreamPolicy } from './stream-types.js';

const FREE = 0;
const WRITING = 1;
const READY = 2;
const READING = 3;

// A slot's word packs its capture seq with its state, so every compareExchange names the frame
// it expects: a slot that was overwritten and republished in between (ABA) cannot be mistaken.
const pack = (seq: number, state: number): number => seq * 4 + state;
const stateOf = (word: number): number => word & 3;
const seqOf = (word: number): number => word >> 2;

const PUBLISHED = 0;
const DONE = 1;
const STOP = 2;
const HEADER = 4;
const PER_SLOT = 2; // packed word, frame index

export interface FrameRingBuffers {
  slots: number;
  frameBytes: number;
  control: SharedArrayBuffer;
  stamps: SharedArrayBuffer;
  pixels: SharedArrayBuffer;
}

export interface TakenFrame {
  slot: number;
  seq: number;
  /** Index of the frame in the frame store. */
  frame: number;
  captureNs: bigint;
}

export class FrameRing {
  readonly slots: number;
  readonly frameBytes: number;
  readonly buffers: FrameRingBuffers;
  readonly #control: Int32Array;
  readonly #stamps: BigInt64Array;
  readonly #pixels: Uint8Array;

  static create(slots: number, frameBytes: number): FrameRing {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`frame ring: slots must be an integer >= 1, got ${slots}`);
    return new FrameRing({
      slots,
      frameBytes,
      control: new SharedArrayBuffer((HEADER + PER_SLOT * slots) * 4),
      stamps: new SharedArrayBuffer(slots * 8),
      pixels: new SharedArrayBuffer(slots * frameBytes),
    });
  }

  /** The same ring seen from another thread (buffers arrive through workerData). */
  constructor(buffers: FrameRingBuffers) {
    this.buffers = buffers;
    this.slots = buffers.slots;
    this.frameBytes = buffers.frameBytes;
    this.#control = new Int32Array(buffers.control);
    this.#stamps = new BigInt64Array(buffers.stamps);
    this.#pixels = new Uint8Array(buffers.pixels);
  }

  /** Pixels of one slot (valid to touch only while holding it as WRITING or READING). */
  pixels(slot: number): Uint8Array {
    return this.#pixels.subarray(slot * this.frameBytes, (slot + 1) * this.frameBytes);
  }

  // --- camera side ---------------------------------------------------------------------------

  /**
   * Claims a slot to write capture `seq` into, or null when the policy finds none (the frame is
   * dropped at capture). `overwritten` is the seq of a stale READY frame this write destroys.
   */
  claimForWrite(policy: StreamPolicy, seq: number): { slot: number; overwritten: number | null } | null {
    for (;;) {
      let target = -1;
      let expected = 0;
      let oldest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < this.slots; i += 1) {
        const word = Atomics.load(this.#control, this.#at(i));
        if (stateOf(word) === FREE) {
          target = i;
          expected = word;
          break;
        }
        if (policy === 'latest' && stateOf(word) === READY && seqOf(word) < oldest) {
          oldest = seqOf(word);
          target = i;
          expected = word;
        }
      }
      if (target < 0) return null;
      // Lost a race (the consumer took or freed it): look again.
      if (Atomics.compareExchange(this.#control, this.#at(target), expected, pack(seq, WRITING)) !== expected) continue;
      return { slot: target, overwritten: stateOf(expected) === READY ? seqOf(expected) : null };
    }
  }

  /** Makes a written slot visible; the atomic store orders the pixel writes before it. */
  publish(slot: number, seq: number, frame: number, captureNs: bigint): void {
    const at = this.#at(slot);
    Atomics.store(this.#control, at + 1, frame);
    Atomics.store(this.#stamps, slot, captureNs);
    Atomics.store(this.#control, at, pack(seq, READY));
    Atomics.add(this.#control, PUBLISHED, 1);
    Atomics.notify(this.#control, PUBLISHED);
  }

  /** The camera has captured its last frame. */
  finish(): void {
    Atomics.store(this.#control, DONE, 1);
    Atomics.add(this.#control, PUBLISHED, 1);
    Atomics.notify(this.#control, PUBLISHED);
  }

  // --- consumer side -------------------------------------------------------------------------

  /**
   * Takes the frame the policy picks (newest, or oldest) as READING; null when none is ready.
   * latest: READY frames not newer than `after` (the last one taken), or older than the one
   * taken now, will never be processed; they are freed here (dropped).
   */
  take(policy: StreamPolicy, after = -1): TakenFrame | null {
    for (;;) {
      let target = -1;
      let word = 0;
      let best = policy === 'latest' ? -1 : Number.POSITIVE_INFINITY;
      for (let i = 0; i < this.slots; i += 1) {
        const w = Atomics.load(this.#control, this.#at(i));
        if (stateOf(w) !== READY) continue;
        if (policy === 'latest' ? seqOf(w) > best : seqOf(w) < best) {
          best = seqOf(w);
          target = i;
          word = w;
        }
      }
      if (target < 0) return null;
      if (policy === 'latest' && best <= after) {
        this.#discardStale(after + 1);
        return null;
      }
      // The camera may have claimed it for overwriting in the meantime: look again.
      if (Atomics.compareExchange(this.#control, this.#at(target), word, pack(best, READING)) !== word) continue;
      if (policy === 'latest') this.#discardStale(best);
      return { slot: target, seq: best, frame: Atomics.load(this.#control, this.#at(target) + 1), captureNs: Atomics.load(this.#stamps, target) };
    }
  }

  /** Gives a slot back to the camera once its pixels have been read. */
  release(slot: number): void {
    const at = this.#at(slot);
    Atomics.store(this.#control, at, pack(seqOf(Atomics.load(this.#control, at)), FREE));
  }

  /** Counter to wait on: read it before `take`, then `waitForPublish(seen)` if nothing was ready. */
  publishedCount(): number {
    return Atomics.load(this.#control, PUBLISHED);
  }

  /** Blocks this (worker) thread until the camera publishes after `seen`, or `timeoutMs` passes. */
  waitForPublish(seen: number, timeoutMs: number): void {
    Atomics.wait(this.#control, PUBLISHED, seen, timeoutMs);
  }

  get done(): boolean {
    return Atomics.load(this.#control, DONE) === 1;
  }

  // --- both ----------------------------------------------------------------------------------

  /** Asks both threads to stop at their next frame (abort). */
  stop(): void {
    Atomics.store(this.#control, STOP, 1);
    Atomics.add(this.#control, PUBLISHED, 1);
    Atomics.notify(this.#control, PUBLISHED);
  }

  get stopped(): boolean {
    return Atomics.load(this.#control, STOP) === 1;
  }

  /** Slot states, for tests and diagnostics. */
  states(): Array<'free' | 'writing' | 'ready' | 'reading'> {
    const names = ['free', 'writing', 'ready', 'reading'] as const;
    return Array.from({ length: this.slots }, (_, i) => names[stateOf(Atomics.load(this.#control, this.#at(i)))]!);
  }

  /** READY frames older than `before` will never be taken (latest): free them for the camera. */
  #discardStale(before: number): void {
    for (let i = 0; i < this.slots; i += 1) {
      const at = this.#at(i);
      const word = Atomics.load(this.#control, at);
      if (stateOf(word) === READY && seqOf(word) < before) Atomics.compareExchange(this.#control, at, word, pack(seqOf(word), FREE));
    }
  }

  #at(slot: number): number {
    return HEADER + PER_SLOT * slot;
  }
}
