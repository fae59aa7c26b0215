import { randomUUID } from 'node:crypto';
import path from 'node:path';
import PQueue from 'p-queue';
import { assertSucceeded, TransportError } from '../../transport/transport-errors.js';
import type { Transport } from '../../transport/transport.js';
import { sha256File } from './file-hash.js';

export interface DeployOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  stage?: string;
}

export interface DeployedFile {
  localPath: string;
  sha256: string;
  size: number;
  /** Path of the verified copy on the board: `<workdir>/cache/<sha256>`. */
  remotePath: string;
  /** False when the board already held a verified copy. */
  uploaded: boolean;
}

export interface DeployReport {
  files: DeployedFile[];
  /** File bytes sent over the link by this deploy (0 when everything was cached). */
  bytesSent: number;
  durationMs: number;
}

export function cacheDir(transport: Transport): string {
  return path.posix.join(transport.workdir, 'cache');
}

// Makes the cache folder, then prints the sha256 of each named file in it; missing ones print
// nothing. A hit is touched: its mtime is its last use, which cache eviction goes by.
const HASH_PRESENT = 'mkdir -p "$1" && cd "$1" || exit 1; shift; for f in "$@"; do [ -f "$f" ] && touch -c "$f" && sha256sum "$f"; done; exit 0';
// Verifies an upload, then moves it into place atomically (two runs may upload the same blob).
const VERIFY_AND_COMMIT = 'got=$(sha256sum "$1" | cut -d" " -f1); if [ "$got" != "$2" ]; then rm -f "$1"; echo "sha256 mismatch: got $got" >&2; exit 9; fi; mv -f "$1" "$3"';

/**
 * Content-addressed deploy: each file goes to `<workdir>/cache/<sha256>` unless the board already
 * holds a copy whose hash it verifies itself (sha256sum on the board). Uploads are verified on the
 * board before use; a mismatch is an infrastructure error (setup stages may retry it).
 */
export async function deployFiles(transport: Transport, localPaths: readonly string[], options: DeployOptions): Promise<DeployReport> {
  const started = performance.now();
  const stage = options.stage ?? 'deploy';
  const dir = cacheDir(transport);
  const unique = [...new Set(localPaths)];
  const hashed = await Promise.all(unique.map(async (localPath) => ({ localPath, ...(await sha256File(localPath)) })));
  const exec = { stage, timeoutMs: options.timeoutMs, signal: options.signal };
  const present = new Set<string>();
  const hashes = [...new Set(hashed.map((h) => h.sha256))];
  // One round trip for any number of files (argv stays well under ARG_MAX per batch).
  for (let i = 0; i < hashes.length; i += 500) {
    const listing = assertSucceeded(await transport.exec(['sh', '-c', HASH_PRESENT, 'sh', dir, ...hashes.slice(i, i + 500)], exec), stage);
    for (const line of listing.stdout.split('\n')) {
      const [sum, name] = line.trim().split(/\s+/);
      if (sum && sum === name) present.add(sum);
    }
  }
  const toSend = new Map<string, { localPath: string; sha256: string; size: number }>();
  for (const h of hashed) if (!present.has(h.sha256)) toSend.set(h.sha256, h);
  const uploads = new PQueue({ concurrency: 4 });
  await Promise.all(
    [...toSend.values()].map((h) =>
      uploads.add(async () => {
        const tmp = path.posix.join(dir, `.upload-${h.sha256.slice(0, 16)}-${randomUUID()}`);
        try {
          await transport.putFile(h.localPath, tmp, { stage, timeoutMs: options.timeoutMs, signal: options.signal });
        } catch (error) {
          throw await explainFailedUpload(transport, dir, tmp, h.size, stage, error);
        }
        const verified = await transport.exec(['sh', '-c', VERIFY_AND_COMMIT, 'sh', tmp, h.sha256, path.posix.join(dir, h.sha256)], exec);
        if (verified.exitCode === 9) {
          throw new TransportError('HIL_UPLOAD_CORRUPT', `${stage} on ${transport.board}: ${path.basename(h.localPath)} arrived corrupted (${verified.stderr.trim()}, expected ${h.sha256})`, transport.board, stage, { result: verified });
        }
        assertSucceeded(verified, stage);
      }),
    ),
  );
  return {
    files: hashed.map((h) => ({ ...h, remotePath: path.posix.join(dir, h.sha256), uploaded: toSend.has(h.sha256) })),
    // This deploy's own uploads (the transport's counter also sees other work on the board).
    bytesSent: [...toSend.values()].reduce((sum, h) => sum + h.size, 0),
    durationMs: performance.now() - started,
  };
}

/**
 * After a failed upload: removes the partial file (a full disk must not stay full because of us)
 * and says whether the board ran out of space, which SFTP reports only as "Failure".
 */
async function explainFailedUpload(transport: Transport, dir: string, tmp: string, size: number, stage: string, error: unknown): Promise<unknown> {
  try {
    const probe = await transport.exec(['sh', '-c', 'rm -f "$1"; df -Pk "$2" | awk \'NR==2 {print $4}\'', 'sh', tmp, dir], { stage, timeoutMs: 15_000 });
    const freeKb = Number(probe.stdout.trim());
    if (probe.stdout.trim() !== '' && Number.isFinite(freeKb) && freeKb * 1024 < size) {
      return new TransportError('HIL_DISK_FULL', `${stage} on ${transport.board}: the board's disk is full (${Math.round(freeKb / 1024)} MB free in ${dir}, ${Math.ceil(size / 1048576)} MB needed)`, transport.board, stage, { cause: error, hint: 'free space on the board, or lower the profile\'s cache.maxMb (hil evicts its least recently used cache entries to fit when it leases the board), then run `hil devices check`' });
    }
  } catch {
    // the board is gone as well; the original error says enough
  }
  return error;
}
