import { createHash } from 'node:crypto';

/** A host public key as pinned in the farm inventory (`ssh-ed25519 AAAA... comment`). */
export interface PinnedHostKey {
  type: string;
  /** The SSH wire-format key blob (what the server presents during key exchange). */
  blob: Buffer;
}

const KEY_TYPES = [
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
] as const;

/** Parses an OpenSSH public key line; returns an error message instead of throwing. */
export function parseHostKey(line: string): PinnedHostKey | string {
  const [type, base64] = line.trim().split(/\s+/);
  if (!type || !base64) return 'expected "<type> <base64 key>", e.g. "ssh-ed25519 AAAAC3Nza..." (ssh-keyscan prints it)';
  if (!(KEY_TYPES as readonly string[]).includes(type)) return `unsupported key type "${type}"; supported: ${KEY_TYPES.join(', ')}`;
  if (!/^[A-Za-z0-9+/]+={0,3}$/.test(base64)) return 'the key is not valid base64';
  const blob = Buffer.from(base64, 'base64');
  // The blob starts with its own type name as an SSH string; a mismatch means a mangled paste.
  const nameLength = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (nameLength <= 0 || blob.subarray(4, 4 + nameLength).toString('latin1') !== type) {
    return `the key data does not hold a ${type} key`;
  }
  return { type, blob };
}

/** OpenSSH-style fingerprint, `SHA256:...` (what `ssh-keygen -lf` prints). */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside a wire-format blob. */
export function blobKeyType(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  return blob.subarray(4, 4 + blob.readUInt32BE(0)).toString('latin1');
}

/** Host-key algorithms to offer so that the server presents the pinned key's type. */
export function hostKeyAlgorithmsFor(type: string): string[] {
  return type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type];
}

/** `ssh-ed25519 AAAA...`: the line to pin for a presented key. */
export function formatHostKey(blob: Buffer): string {
  return `${blobKeyType(blob)} ${blob.toString('base64')}`;
}
