import { createHash } from 'node:crypto';

/**
 * A file name for any text (board, model and check names may hold any character): the readable
 * part kept (unsafe characters become `_`, at most 80 of them) plus a short hash of the original,
 * so two names that read alike (`tx2/01` and `tx2_01`) never share a file.
 */
export function safeFileName(text: string): string {
  const readable = text.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^\.+/, '_').slice(0, 80);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 10);
  return `${readable}-${hash}`;
}
