import { describe, expect, it } from 'vitest';
import { LocalTransport } from '../../transport/local-transport.js';
import type { ExecOptions, ExecResult } from '../../transport/transport.js';
import { leaseOp, ownerFor } from './lease-ops.js';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The lease script really runs (sh on this host); only the command line is recorded on the way.
// The lease folder is $HIL_SYSROOT/var/lock/hil: a temporary root here, never this host's /var/lock.
class RecordingTransport extends LocalTransport {
  readonly calls: { argv: readonly string[]; stdin?: string }[] = [];
  constructor(options: { board: string; workdir: string; sysroot: string }) {
    super(options);
    this.sysroot = options.sysroot;
  }
  readonly sysroot: string;
  override exec(argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    this.calls.push({ argv, stdin: options.stdin });
    return super.exec(argv, { ...options, env: { ...options.env, HIL_SYSROOT: this.sysroot } });
  }
}

describe('lease tokens', () => {
  it('travel on stdin, never in the command line other users of the board can read with ps', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hil-lease-'));
    mkdirSync(path.join(dir, 'var', 'lock'), { recursive: true });
    try {
      const transport = new RecordingTransport({ board: 'b1', workdir: dir, sysroot: dir });
      const owner = ownerFor('run-1', 'secret-token-123');
      const reply = await leaseOp(transport, 'acquire', owner, 30);
      expect(reply.status).toBe('acquired');
      expect(await leaseOp(transport, 'release', owner, 30)).toMatchObject({ status: 'released' });
      for (const call of transport.calls) {
        expect(call.argv.join(' ')).not.toContain('secret-token-123');
        expect(call.stdin).toContain('secret-token-123');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
