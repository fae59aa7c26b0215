import { fingerprint, parseHostKey } from '../transport/host-key.js';
import { boardModelFor } from './board-models.js';
import { startEmulatedFarm, type EmulatedFarmOptions } from './emulated-farm.js';

/**
 * `hil emulate`: starts the boards, prints where they are, and keeps them until SIGINT/SIGTERM;
 * then stops every process it started, by PID. Resolves once stopped.
 */
export async function runEmulator(options: EmulatedFarmOptions, print: (text: string) => void): Promise<void> {
  const farm = await startEmulatedFarm(options);
  const lines = farm.boards.map((b) => {
    const key = parseHostKey(b.hostKey);
    return `  ${b.name}  127.0.0.1:${b.port}  sshd pid ${b.sshd.pid}  ${typeof key === 'string' ? '' : fingerprint(key.blob)}`;
  });
  const meters = [...farm.meters].map(([board, m]) => `  ${board}  emulated SCPI meter 127.0.0.1:${m.port}`);
  print(`${farm.boards.length} emulated ${options.type ?? 'jetson2'} board(s) up:\n${[...lines, ...meters].join('\n')}\nfarm inventory: ${farm.farmFile}\n`);
  // What the emulation assumes and nobody could confirm on a real board: said where it starts.
  const unconfirmed = boardModelFor(options.type ?? 'jetson2').unconfirmed ?? [];
  if (unconfirmed.length) print(`unconfirmed (assumed by the emulator, probed on a real board):\n${unconfirmed.map((u) => `  - ${u}`).join('\n')}\n`);
  print(`use it with: npx hil run --farm ${farm.farmFile} --device ${options.type ?? 'jetson2'}\nstop with Ctrl-C\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await farm.stop();
  print('emulated boards stopped\n');
}
