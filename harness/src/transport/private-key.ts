import { createRequire } from 'node:module';

type ParseKey = (data: string | Buffer, passphrase?: string) => unknown;
const { utils } = createRequire(import.meta.url)('ssh2') as { utils: { parseKey: ParseKey } };

/**
 * Why this text cannot be used as an SSH identity (not a private key, a public key, encrypted
 * without a passphrase), or undefined when it can. Parsed the way the SSH transport will use it,
 * so a bad identity file is a config error up front, not a failed connection mid-run. Never
 * echoes the key.
 */
export function privateKeyProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = utils.parseKey(text);
  } catch (error) {
    return `not a usable private key (${(error as Error).message})`;
  }
  if (parsed instanceof Error) return `not a usable private key (${parsed.message})`;
  const key = (Array.isArray(parsed) ? parsed[0] : parsed) as { isPrivateKey?: () => boolean } | undefined;
  if (!key?.isPrivateKey?.()) return 'holds a public key, not a private key';
  return undefined;
}
