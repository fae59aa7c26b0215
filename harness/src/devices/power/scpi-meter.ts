/**
 * An external whole-board power meter over SCPI (the MLPerf Power way: at the wall, not the SoC's
 * own rails). Identified with `*IDN?`, then one numeric query per sample, each stamped with the
 * host's clock when its reply arrived; the caller aligns them with a board-clock window through
 * the board-to-host offset measured at lease time. A reading that is not a number is an error
 * naming the reply, never a 0 W sample.
 */
import { InfrastructureError } from '../../errors.js';
import { ScpiClient, type ScpiAddress } from '../../transport/scpi-client.js';
import { parseScpiWatts } from './scpi-reading.js';

export interface ScpiMeterConfig extends ScpiAddress {
  /** The query that returns one reading in W (Yokogawa WT300: `:NUMERIC:NORMAL:VALUE? 1`). */
  query: string;
  intervalMs: number;
  /** Each reply's deadline. */
  timeoutMs: number;
}

export interface MeterSample {
  /** Host epoch ms when the reply arrived. */
  tMs: number;
  watts: number;
}

export class ScpiMeterSampler {
  readonly #client: ScpiClient;
  readonly #config: ScpiMeterConfig;
  readonly #samples: MeterSample[] = [];
  #running: Promise<void> | undefined;
  #stop = false;
  #error: Error | undefined;
  identity = '';

  constructor(config: ScpiMeterConfig) {
    this.#config = config;
    this.#client = new ScpiClient(config);
  }

  /** Connects, identifies the meter, and samples in the background until stop(). */
  async start(): Promise<void> {
    await this.#client.connect(this.#config.timeoutMs);
    this.identity = (await this.#client.query('*IDN?', this.#config.timeoutMs)).trim();
    this.#running = this.#loop();
  }

  /** Stops sampling; throws the first failure (timeout, dropped connection, a reply that is not watts). */
  async stop(): Promise<MeterSample[]> {
    this.#stop = true;
    await this.#running;
    this.#client.close();
    if (this.#error) throw this.#error;
    return [...this.#samples];
  }

  async #loop(): Promise<void> {
    while (!this.#stop) {
      const started = Date.now();
      try {
        const reply = await this.#client.query(this.#config.query, this.#config.timeoutMs);
        const reading = parseScpiWatts(reply);
        if ('invalid' in reading) throw new InfrastructureError('HIL_METER_READING', `${this.#client.name} (${this.identity}): "${this.#config.query}" answered ${reading.invalid}`, { where: this.#client.name });
        this.#samples.push({ tMs: Date.now(), watts: reading.watts });
      } catch (error) {
        this.#error = error as Error;
        return;
      }
      const wait = this.#config.intervalMs - (Date.now() - started);
      if (wait > 0 && !this.#stop) await new Promise((r) => setTimeout(r, wait));
    }
  }
}
