import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

const cache = new Map<string, { key: string; sha256: string }>();

/** sha256 of a file, remembered by path + size + mtime (models are hashed once per run). */
export async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const info = await stat(file);
  const key = `${info.size}:${info.mtimeMs}`;
  const known = cache.get(file);
  if (known?.key === key) return { sha256: known.sha256, size: info.size };
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  cache.set(file, { key, sha256 });
  return { sha256, size: info.size };
}
