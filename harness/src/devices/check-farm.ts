import { openBoard } from './board.js';
import { boardQueue } from './board-queue.js';
import { checkBoardHealth, type HealthReport } from './health-check.js';
import { formatCapabilities } from './probes/capability-probe.js';
import type { Farm } from './load-farm.js';
import type { DeviceProfiles } from './load-profiles.js';
import { Quarantine } from './quarantine.js';
import { resolveDevice } from './resolve-device.js';

/** Health-checks one board, a device type's boards, or the whole farm (in parallel across boards). */
export async function checkFarmHealth(farm: Farm, profiles: DeviceProfiles, target?: string): Promise<HealthReport[]> {
  const specs = target
    ? resolveDevice(target, farm, profiles).boards.filter((b) => b.kind === 'ssh')
    : farm.boards.map((b) => ({ kind: 'ssh' as const, ...b }));
  const quarantine = new Quarantine();
  return Promise.all(
    specs.map((spec) =>
      boardQueue(spec.name).add(async () => {
        const board = openBoard(spec, profiles.get(spec.type)!);
        try {
          return await checkBoardHealth(board, { quarantine });
        } finally {
          await board.transport.close();
        }
      }) as Promise<HealthReport>,
    ),
  );
}

export function formatHealthReports(reports: readonly HealthReport[]): string {
  return reports
    .map((r) =>
      [
        `${r.board}: ${r.ok ? 'healthy' : 'UNHEALTHY (quarantined)'}`,
        ...r.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
        ...(r.capabilities ? ['  capabilities (probed):', ...formatCapabilities(r.capabilities).map((l) => `    ${l}`)] : []),
        ...(r.mismatches ?? []).map((m) => `  MISMATCH ${m}`),
      ].join('\n'),
    )
    .join('\n');
}
