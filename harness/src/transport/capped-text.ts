/** Default cap per stream of one command: enough for any report hil reads, bounded for a runaway one. */
export const OUTPUT_CAP_BYTES = 4 * 1024 * 1024;

/**
 * A command's output, kept within `capBytes`: the head (where tools print what they are) and the
 * tail (where they print why they failed), with a marker saying how much was left out between.
 * A board that prints forever costs a bounded amount of memory on the host.
 */
export class CappedText {
  readonly #headCap: number;
  readonly #tailCap: number;
  #head: Buffer[] = [];
  #headBytes = 0;
  #tail: Buffer[] = [];
  #tailBytes = 0;
  #dropped = 0;

  constructor(capBytes: number = OUTPUT_CAP_BYTES) {
    this.#headCap = Math.floor(capBytes / 4);
    this.#tailCap = capBytes - this.#headCap;
  }

  /** Bytes left out so far. */
  get droppedBytes(): number {
    return this.#dropped;
  }

  push(chunk: Buffer | string): void {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (this.#headBytes < this.#headCap) {
      const take = Math.min(bytes.length, this.#headCap - this.#headBytes);
      this.#head.push(bytes.subarray(0, take));
      this.#headBytes += take;
      bytes = bytes.subarray(take);
    }
    if (bytes.length === 0) return;
    this.#tail.push(bytes);
    this.#tailBytes += bytes.length;
    while (this.#tailBytes > this.#tailCap) {
      const first = this.#tail[0]!;
      const excess = this.#tailBytes - this.#tailCap;
      if (first.length <= excess) {
        this.#tail.shift();
        this.#tailBytes -= first.length;
        this.#dropped += first.length;
      } else {
        this.#tail[0] = first.subarray(excess);
        this.#tailBytes -= excess;
        this.#dropped += excess;
      }
    }
  }

  toString(): string {
    const head = Buffer.concat(this.#head);
    const tail = Buffer.concat(this.#tail);
    if (this.#dropped === 0) return Buffer.concat([head, tail]).toString('utf8');
    // A cut may split a character: a replacement character shows where, nothing else breaks.
    return `${head.toString('utf8')}\n[... ${this.#dropped} bytes of output left out ...]\n${tail.toString('utf8')}`;
  }
}
