// A separate `hil` process holding a lease, for the lease tests: acquires (waiting if busy),
// prints JSON lines, holds, releases. Runs the compiled harness (npm test builds first).
import { loadDeviceProfiles } from '../../harness/dist/devices/load-profiles.js';
import { loadFarm } from '../../harness/dist/devices/load-farm.js';
import { resolveDevice } from '../../harness/dist/devices/resolve-device.js';
import { openBoard } from '../../harness/dist/devices/board.js';
import { acquireLease } from '../../harness/dist/devices/lease/acquire-lease.js';

const o = JSON.parse(process.env.LEASE_HOLDER);
const say = (event) => process.stdout.write(`${JSON.stringify({ ...event, pid: process.pid, at: Date.now() })}\n`);
const profiles = loadDeviceProfiles(o.devicesDir);
const farm = loadFarm(o.farmFile, profiles);
const device = resolveDevice(o.device, farm, profiles);
const boards = device.boards.map((b) => openBoard(b, device.profile));
const lease = await acquireLease(boards.map((b) => b.transport), { runId: o.runId, ttlS: o.ttlS, heartbeatMs: o.heartbeatMs, waitMs: o.waitMs, pollMs: 300 });
say({ event: 'acquired', board: lease.board, record: lease.record, reclaimedFrom: lease.reclaimedFrom });
await new Promise((r) => setTimeout(r, o.holdMs));
say({ event: 'releasing', board: lease.board });
await lease.release();
say({ event: 'released', board: lease.board });
await Promise.all(boards.map((b) => b.transport.close()));
