/**
 * A power meter read by running a program on the host that prints one reading in watts (USB
 * meters' command-line tools, a lab's own script): run once per interval, host-stamped like the
 * SCPI meter's samples. A non-zero exit, a timeout or output that is not a number stops sampling
 * with an error naming the command and what it printed: never a 0 W sample.
 */
import { InfrastructureError } from '../../errors.js';
import { LocalTransport } from '../../transport/local-transport.js';
import type { MeterSample } from './scpi-meter.js';
import { parseScpiWatts } from './scpi-reading.js';

export interface CommandMeterConfig {
  command: string[];
  intervalMs: number;
  timeoutMs: number;
}

export class CommandMeterSampler {
  readonly identity: string;
  readonly #config: CommandMeterConfig;
  readonly #transport = new LocalTransport({ board: 'meter' });
  readonly #samples: MeterSample[] = [];
  #running: Promise<void> | undefined;
  #stop = false;
  #error: Error | undefined;

  constructor(config: CommandMeterConfig) {
    this.#config = config;
    this.identity = `command ${config.command.join(' ')}`;
  }

  /** Takes a first reading (so a broken command fails before the measurement), then samples in the background. */
  async start(): Promise<void> {
    await this.#read();
    this.#running = this.#loop();
  }

  async stop(): Promise<MeterSample[]> {
    this.#stop = true;
    await this.#running;
    if (this.#error) throw this.#error;
    return [...this.#samples];
  }

  async #read(): Promise<void> {
    const r = await this.#transport.exec(this.#config.command, { stage: 'meter', timeoutMs: this.#config.timeoutMs });
    const what = `${this.identity}`;
    if (r.exitCode !== 0) throw new InfrastructureError('HIL_METER_READING', `${what} exited ${r.exitCode ?? r.signal}: ${(r.stderr || r.stdout).trim().slice(0, 200)}`, { where: what });
    const reading = parseScpiWatts(r.stdout.trim().split('\n').at(-1) ?? '');
    if ('invalid' in reading) throw new InfrastructureError('HIL_METER_READING', `${what} printed ${reading.invalid}`, { where: what });
    this.#samples.push({ tMs: Date.now(), watts: reading.watts });
  }

  async #loop(): Promise<void> {
    while (!this.#stop) {
      const started = Date.now();
      try {
        await this.#read();
      } catch (error) {
        this.#error = error as Error;
        return;
      }
      const wait = this.#config.intervalMs - (Date.now() - started);
      if (wait > 0 && !this.#stop) await new Promise((r) => setTimeout(r, wait));
    }
  }
}
