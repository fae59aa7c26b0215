/**
 * The external meter path over a real socket: an emulated SCPI power analyser on 127.0.0.1 whose
 * reading moves, sampled by hil's driver. A slow answer, a dropped connection, garbage and SCPI's
 * overrange value each end in one clear error naming the meter (and the reply), never in 0 W.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ScpiMeterSampler } from '../../harness/src/devices/power/scpi-meter.js';
import { parseScpiWatts } from '../../harness/src/devices/power/scpi-reading.js';
import { startEmulatedMeter, type EmulatedMeter } from '../../harness/src/emulator/scpi-meter-server.js';

const QUERY = ':NUMERIC:NORMAL:VALUE? 1';
let meter: EmulatedMeter | undefined;
afterEach(async () => {
  await meter?.stop();
  meter = undefined;
});

const sampler = (port: number, timeoutMs = 1000) => new ScpiMeterSampler({ host: '127.0.0.1', port, query: QUERY, intervalMs: 20, timeoutMs });

describe('SCPI readings', () => {
  it('NR1/NR2/NR3 numbers are watts; the overrange sentinel, negatives and noise are not', () => {
    expect(parseScpiWatts('+12.345E+00')).toEqual({ watts: 12.345 });
    expect(parseScpiWatts('7.5\r')).toEqual({ watts: 7.5 });
    expect(parseScpiWatts('+9.91E+37')).toEqual({ invalid: "the meter reports no valid data (+9.91E+37: SCPI's overrange / NaN value)" });
    expect(parseScpiWatts('-0.4')).toMatchObject({ invalid: expect.stringMatching(/^negative power/) });
    expect(parseScpiWatts('ERR')).toEqual({ invalid: 'not a number: "ERR"' });
  });
});

describe('an emulated power analyser over TCP', () => {
  it('identifies itself and samples a reading that follows the board, stamped with the host clock', async () => {
    let watts = 6;
    meter = await startEmulatedMeter({ reading: () => watts });
    const s = sampler(meter.port);
    const before = Date.now();
    await s.start();
    expect(s.identity).toBe('YOKOGAWA,WT310E,HIL-EMULATED,F1.03');
    const readings = async (n: number) => {
      while (meter!.readings() < n) await new Promise((r) => setTimeout(r, 10));
    };
    await readings(2);
    watts = 11.5;
    await readings(meter.readings() + 2);
    const samples = await s.stop();
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples[0]!.watts).toBe(6);
    expect(samples.at(-1)!.watts).toBe(11.5);
    for (const x of samples) expect(x.tMs).toBeGreaterThanOrEqual(before);
    expect(samples.map((x) => x.tMs)).toEqual([...samples.map((x) => x.tMs)].sort((a, b) => a - b));
  });

  const faults = [
    ['slow', /^meter 127\.0\.0\.1:\d+: no reply to ":NUMERIC:NORMAL:VALUE\? 1" within 2000 ms$/],
    ['drop', /^meter 127\.0\.0\.1:\d+ closed the connection$/],
    ['garbage', /^meter 127\.0\.0\.1:\d+ \(YOKOGAWA,WT310E,HIL-EMULATED,F1\.03\): ":NUMERIC:NORMAL:VALUE\? 1" answered not a number: "\\u0007#@!ERR garbage"$/],
    ['overrange', /answered the meter reports no valid data \(\+9\.91E\+37/],
  ] as const;
  for (const [fault, message] of faults) {
    it(`${fault}: sampling stops with one error naming the meter, no sample invented`, async () => {
      // Generous deadlines: a loaded CI machine may answer late; only the slow meter is late on purpose.
      meter = await startEmulatedMeter({ reading: () => 8, slowMs: 10_000 });
      const s = sampler(meter.port, 2000);
      await s.start();
      meter.setFault(fault);
      // Wait until the meter has seen a query under the fault (stop() then waits for its answer).
      const seen = meter.readings();
      while (meter.readings() <= seen) await new Promise((r) => setTimeout(r, 10));
      const error = (await s.stop().catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(message);
    });
  }

  it('a meter that is not there: a connect error naming it', async () => {
    meter = await startEmulatedMeter({ reading: () => 1 });
    const port = meter.port;
    await meter.stop();
    meter = undefined;
    await expect(sampler(port).start()).rejects.toThrow(new RegExp(`^meter 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`));
  });
});

describe('a meter read by a command on the host', () => {
  it('samples what the program prints; a program that fails or prints noise stops with its words', async () => {
    const { CommandMeterSampler } = await import('../../harness/src/devices/power/command-meter.js');
    const ok = new CommandMeterSampler({ command: ['sh', '-c', 'echo "reading:"; echo 7.25'], intervalMs: 50, timeoutMs: 5000 });
    await ok.start();
    const samples = await ok.stop();
    expect(samples.length).toBeGreaterThanOrEqual(1);
    expect(samples.every((s) => s.watts === 7.25)).toBe(true);
    const noise = new CommandMeterSampler({ command: ['sh', '-c', 'echo hello'], intervalMs: 50, timeoutMs: 5000 });
    await expect(noise.start()).rejects.toThrow('command sh -c echo hello printed not a number: "hello"');
    const failing = new CommandMeterSampler({ command: ['sh', '-c', 'echo "no meter on /dev/ttyUSB0" >&2; exit 3'], intervalMs: 50, timeoutMs: 5000 });
    await expect(failing.start()).rejects.toThrow(/exited 3: no meter on \/dev\/ttyUSB0$/);
  });
});
