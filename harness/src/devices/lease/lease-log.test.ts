import { describe, expect, it } from 'vitest';
import { leaseIntervals, leaseOverlaps, parseLeaseLog } from './lease-log.js';

const log = [
  '1000 acquire leaseId=a runId=r1 host=h pid=1 expiresAt=7000',
  '3000 renew leaseId=a runId=r1 host=h pid=1 expiresAt=9000',
  '9500 reclaim leaseId=b runId=r2 host=h pid=2 expiresAt=15500 prev=a prevRun=r1 prevExpiresAt=9000',
  '12000 release leaseId=b runId=r2 host=h pid=2 ',
  '12000 acquire leaseId=c runId=r3 host=h pid=3 expiresAt=18000',
  '13000 reclaim leaseId=d runId=r3 host=h pid=4 expiresAt=19000 prev=c prevRun=r3 prevExpiresAt=18000',
].join('\n');

describe('lease log', () => {
  it('reads each lease as an interval: released, expired (holder died), or taken over from a proven-dead holder', () => {
    expect(leaseIntervals(parseLeaseLog(log)).map((i) => [i.leaseId, i.start, i.end, i.ended])).toEqual([
      ['a', 1000, 9000, 'expired'],
      ['b', 9500, 12000, 'released'],
      ['c', 12000, 13000, 'taken-over-dead'],
      ['d', 13000, 19000, 'expired'],
    ]);
    expect(leaseOverlaps(leaseIntervals(parseLeaseLog(log)))).toEqual([]);
  });

  it('finds two leases that held one board at once', () => {
    const bad = `${log}\n14000 acquire leaseId=e runId=r9 host=x pid=9 expiresAt=20000`;
    const pairs = leaseOverlaps(leaseIntervals(parseLeaseLog(bad)));
    expect(pairs.map(([a, b]) => [a.leaseId, b.leaseId])).toEqual([['d', 'e']]);
  });
});
