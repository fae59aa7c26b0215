/**
 * Emulated boards for the farm tests: real sshd processes on 127.0.0.1 with throwaway keys,
 * stopped by PID after the file. The fake tools and the agent run from harness/dist (npm test
 * builds first).
 */
import path from 'node:path';
import { openBoard, type Board, type OpenBoardOptions } from '../../harness/src/devices/board.js';
import { loadFarm, type Farm } from '../../harness/src/devices/load-farm.js';
import { loadDeviceProfiles, type DeviceProfiles } from '../../harness/src/devices/load-profiles.js';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DEVICES = path.join(ROOT, 'devices');

export interface TestFarm {
  emulated: EmulatedFarm;
  profiles: DeviceProfiles;
  farm: Farm;
  /** Fresh, unconnected boards (own transports); closed by stop(). */
  open(name: string, options?: OpenBoardOptions): Board;
  stop(): Promise<void>;
}

export async function startTestFarm(boards = 2): Promise<TestFarm> {
  // These tests measure with hil's agent on the boards: TX2s upgraded to run Node 20 (as shipped,
  // JetPack 4 has none: test/farm/jetpack4-no-node.test.ts).
  const emulated = await startEmulatedFarm({ boards, upgradedNode: true });
  const profiles = loadDeviceProfiles(DEVICES);
  const farm = loadFarm(emulated.farmFile, profiles);
  const opened: Board[] = [];
  return {
    emulated,
    profiles,
    farm,
    open(name, options) {
      const spec = farm.boards.find((b) => b.name === name);
      if (!spec) throw new Error(`no board ${name}`);
      const board = openBoard({ kind: 'ssh', ...spec }, profiles.get(spec.type)!, options);
      opened.push(board);
      return board;
    },
    async stop() {
      await Promise.all(opened.map((b) => b.transport.close()));
      await emulated.stop();
    },
  };
}
