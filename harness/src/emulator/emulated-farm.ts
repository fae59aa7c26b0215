import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { startEmulatedMeter, type EmulatedMeter } from './scpi-meter-server.js';
import { ConfigError } from '../errors.js';
import { boardModelFor } from './board-models.js';
import { readBoardState } from './board-state-file.js';
import { buildBoardImage } from './board-image.js';
import { ensureBoardUser } from './board-user.js';
import { BoardLoadMeter } from './cpu-load.js';
import { EmulatedBoard } from './emulated-board.js';
import { updateFakeSysroot } from './fake-sysroot.js';
import { isAlive, signal } from './process-tree.js';
import { freePort } from './sshd-process.js';

export interface EmulatedFarmOptions {
  boards?: number;
  type?: string;
  /** Folder for the boards' files; default: a fresh temporary folder (removed by stop()). */
  dir?: string;
  /** Where to write the farm inventory; default `<dir>/farm.yaml`. */
  farmFile?: string;
  /**
   * Boards upgraded to run Node 20, so hil's agent measures their CPU. Off by default: a JetPack 4
   * board (TX2) has glibc 2.27 and no Node 20, as the real one; JetPack 5/6 boards run it anyway.
   */
  upgradedNode?: boolean;
  /**
   * Give every board an emulated external power meter (a SCPI server on 127.0.0.1, written to the
   * inventory as the board's `meter:`) whose reading follows the board's load: its input rail plus
   * 2 W for the carrier board and supply (a plausible figure, not a measurement), or the board
   * model's own wall figure. Default: on for boards measured by a lab meter as a matter of course
   * (a Drive PX2: no input rail), off for the others.
   */
  meters?: boolean;
}

export interface EmulatedFarm {
  dir: string;
  farmFile: string;
  boards: EmulatedBoard[];
  /** Each board's emulated meter, by board name (with `meters: true`). */
  meters: Map<string, EmulatedMeter>;
  stop(): Promise<void>;
}

/**
 * Starts emulated boards on 127.0.0.1, each a real sshd with throwaway keys, and writes a farm
 * inventory that pins their host keys. Their power and temperatures follow the host's CPU load.
 */
/** The carrier board and power supply on top of the module's input rail, for the emulated wall meter. */
const CARRIER_W = 2;

export async function startEmulatedFarm(options: EmulatedFarmOptions = {}): Promise<EmulatedFarm> {
  const type = options.type ?? 'jetson2';
  const model = boardModelFor(type);
  const count = options.boards ?? 2;
  if (!Number.isInteger(count) || count < 1 || count > 32) throw new ConfigError('HIL_EMULATE_BOARDS', `--boards must be an integer from 1 to 32, received ${count}`, { where: '--boards' });
  const ownDir = options.dir === undefined;
  const dir = path.resolve(options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'hil-emulated-')));
  mkdirSync(dir, { recursive: true });
  // The board user reads its authorized_keys and home below this folder (mkdtemp makes it 0700).
  chmodSync(dir, 0o755);
  const user = ensureBoardUser();
  // The boards' own installed software, readable by their user wherever this project sits.
  const image = buildBoardImage(path.join(dir, 'image'));
  const boards: EmulatedBoard[] = [];
  const meters = new Map<string, EmulatedMeter>();
  const lastLoad = new Map<string, number>();
  const stopAll = async (): Promise<void> => {
    clearInterval(ticker);
    await Promise.all([...meters.values()].map((m) => m.stop()));
    await Promise.all(boards.map((b) => stopBoard(b)));
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  // INA3221 files, thermal zones and cpufreq in each fake root move with the board's load.
  let meter: BoardLoadMeter | undefined;
  const ticker = setInterval(() => {
    if (!meter) return; // boards still starting
    const loads = meter.sampleAll();
    boards.forEach((board, i) => {
      lastLoad.set(board.name, loads[i] ?? 0);
      try {
        updateFakeSysroot(board.sysroot, readBoardState(board.stateFile, board.type), loads[i] ?? 0);
      } catch {
        // the board is being stopped
      }
    });
  }, 1000);
  ticker.unref();
  try {
    for (let i = 1; i <= count; i += 1) {
      const name = `${model.boardPrefix}-${String(i).padStart(2, '0')}`;
      const board = new EmulatedBoard({ name, type, dir: path.join(dir, name), port: await freePort(), user, image, ...(options.upgradedNode ? { upgradedNode: true } : {}) });
      boards.push(board);
      await board.start();
    }
    meter = new BoardLoadMeter(boards.map((b) => b.loadMarker));
    if (options.meters ?? model.labMeter === true) {
      for (const board of boards) {
        const wall = (util: number): number => model.wallW?.(util, board.state()) ?? CARRIER_W + Math.max(0, ...Object.values(model.railsMw(util, board.state()))) / 1000;
        meters.set(board.name, await startEmulatedMeter({ reading: () => wall(lastLoad.get(board.name) ?? 0) }));
      }
    }
    const entries = boards.map((b) => {
      const m = meters.get(b.name);
      return m ? { ...b.farmEntry(), meter: { scpi: { host: '127.0.0.1', port: m.port } } } : b.farmEntry();
    });
    const farmFile = path.resolve(options.farmFile ?? path.join(dir, 'farm.yaml'));
    writeFileSync(farmFile, `# Emulated boards started by \`hil emulate\` (${new Date().toISOString()}), pid ${process.pid}.\n${stringify({ boards: entries }, { lineWidth: 0 })}`);
    return { dir, farmFile, boards, meters, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Stops a board's sshd and anything its fake tegrastats left in the background. */
async function stopBoard(board: EmulatedBoard): Promise<void> {
  await board.stop();
  const pidsFile = `${board.stateFile}.tegrastats-pids`;
  if (!existsSync(pidsFile)) return;
  const pids = readFileSync(pidsFile, 'utf8').split('\n').filter(Boolean).map(Number).filter(isAlive);
  signal(pids, 'SIGTERM');
}
