/**
 * An emulated lab power analyser on 127.0.0.1: a SCPI server speaking what hil's meter driver uses
 * (`*IDN?`, Yokogawa WT300's `:NUMERIC:NORMAL:VALUE? 1` and Keysight's `MEAS:POW?`), whose reading
 * follows a callback (the emulated board's load), so the whole path runs over a real socket. Faults
 * for the tests: `slow` answers after `slowMs`, `drop` closes the connection on a reading, `garbage`
 * answers with noise, `overrange` with SCPI's 9.91E+37.
 */
import net from 'node:net';

export type MeterFault = 'none' | 'slow' | 'drop' | 'garbage' | 'overrange';

export interface EmulatedMeterOptions {
  /** Watts now (e.g. the board's load mapped through its power model). */
  reading: () => number;
  identity?: string;
  slowMs?: number;
}

export interface EmulatedMeter {
  port: number;
  /** Readings answered so far. */
  readings(): number;
  setFault(fault: MeterFault): void;
  stop(): Promise<void>;
}

const READ_COMMANDS = [':NUMERIC:NORMAL:VALUE? 1', 'MEAS:POW?', 'MEASURE:POWER?'];

export async function startEmulatedMeter(options: EmulatedMeterOptions): Promise<EmulatedMeter> {
  let fault: MeterFault = 'none';
  let answered = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        const command = buffer.slice(0, end).trim();
        buffer = buffer.slice(end + 1);
        answer(socket, command);
      }
    });
    socket.on('error', () => socket.destroy());
  });
  const answer = (socket: net.Socket, command: string): void => {
    if (command === '*IDN?') {
      socket.write(`${options.identity ?? 'YOKOGAWA,WT310E,HIL-EMULATED,F1.03'}\n`);
      return;
    }
    if (command.startsWith(':NUMERIC:NORMAL:ITEM')) return; // selects what VALUE? reads: no reply in SCPI
    if (!READ_COMMANDS.includes(command.toUpperCase())) {
      socket.write('-113,"Undefined header"\n');
      return;
    }
    answered += 1;
    const value = `${options.reading() >= 0 ? '+' : ''}${options.reading().toExponential(4).toUpperCase().replace(/E([+-])(\d)$/, 'E$10$2')}`;
    if (fault === 'drop') socket.destroy();
    else if (fault === 'garbage') socket.write('\u0007#@!ERR garbage\n');
    else if (fault === 'overrange') socket.write('+9.91E+37\n');
    else if (fault === 'slow') setTimeout(() => socket.writable && socket.write(`${value}\n`), options.slowMs ?? 3000).unref();
    else socket.write(`${value}\n`);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    readings: () => answered,
    setFault: (next) => {
      fault = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
