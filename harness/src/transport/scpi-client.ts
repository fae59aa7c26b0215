/**
 * A SCPI instrument over a raw TCP socket (Keysight and many bench supplies on port 5025, lab power
 * analysers such as Yokogawa's WT series): one command line out, one reply line back. Every wait
 * has a deadline naming the meter and the command, a dropped connection is an error naming it,
 * and a reply is capped (a meter that streams garbage cannot fill memory). The reading is never
 * guessed: callers parse the reply and refuse what is not a number.
 */
import net from 'node:net';
import { TransportError } from './transport-errors.js';

const MAX_REPLY = 4096;

export interface ScpiAddress {
  host: string;
  port: number;
}

export class ScpiClient {
  readonly name: string;
  readonly #address: ScpiAddress;
  #socket: net.Socket | undefined;
  #buffer = '';
  #waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  #closedBecause: Error | undefined;

  constructor(address: ScpiAddress, name = `meter ${address.host}:${address.port}`) {
    this.#address = address;
    this.name = name;
  }

  connect(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.#address.host, port: this.#address.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TransportError('HIL_METER_TIMEOUT', `connect to ${this.name} exceeded ${timeoutMs} ms`, this.name, 'meter'));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        this.#socket = socket;
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        this.#fail(new TransportError('HIL_METER_CLOSED', `${this.name}: ${error.message}`, this.name, 'meter', { cause: error }));
        reject(this.#closedBecause);
      });
      socket.on('data', (chunk: Buffer) => this.#onData(chunk.toString('latin1')));
      socket.once('close', () => this.#fail(new TransportError('HIL_METER_CLOSED', `${this.name} closed the connection`, this.name, 'meter')));
    });
  }

  /** Sends `command` and waits for one reply line (without its line end). */
  query(command: string, timeoutMs: number): Promise<string> {
    const socket = this.#socket;
    if (!socket || this.#closedBecause) return Promise.reject(this.#closedBecause ?? new TransportError('HIL_METER_CLOSED', `${this.name} is not connected`, this.name, 'meter'));
    if (this.#waiting) return Promise.reject(new Error(`${this.name}: one query at a time`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        // A late reply would answer the next query: the connection is no longer usable.
        this.#fail(new TransportError('HIL_METER_TIMEOUT', `${this.name}: no reply to "${command}" within ${timeoutMs} ms`, this.name, 'meter'));
        reject(this.#closedBecause);
      }, timeoutMs);
      this.#waiting = {
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      socket.write(`${command}\n`);
      this.#drain();
    });
  }

  close(): void {
    this.#socket?.destroy();
    this.#socket = undefined;
  }

  #onData(text: string): void {
    this.#buffer += text;
    if (this.#buffer.length > MAX_REPLY && !this.#buffer.includes('\n')) {
      this.#fail(new TransportError('HIL_METER_REPLY', `${this.name}: a reply longer than ${MAX_REPLY} bytes without a line end: ${JSON.stringify(this.#buffer.slice(0, 60))}…`, this.name, 'meter'));
      return;
    }
    this.#drain();
  }

  #drain(): void {
    const end = this.#buffer.indexOf('\n');
    if (end < 0 || !this.#waiting) return;
    const line = this.#buffer.slice(0, end).replace(/\r$/, '');
    this.#buffer = this.#buffer.slice(end + 1);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting.resolve(line);
  }

  #fail(error: Error): void {
    this.#closedBecause ??= error;
    this.#socket?.destroy();
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.reject(this.#closedBecause);
  }
}
