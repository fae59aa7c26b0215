/**
 * /etc/nv_tegra_release, the L4T (Linux for Tegra) release of a JetPack board:
 *   # R32 (release), REVISION: 7.1, GCID: 29818004, BOARD: t186ref, EABI: aarch64, DATE: Sat Jan 15 ...
 * Pure.
 */
export interface L4tRelease {
  /** `32.7.1` */
  version: string;
  major: number;
  /** `7.1` */
  revision: string;
  board?: string;
  gcid?: string;
  eabi?: string;
  date?: string;
}

/** null when the first `# R<nn>` line is missing or malformed (not a JetPack board). */
export function parseNvTegraRelease(text: string): L4tRelease | null {
  const line = text.split('\n').find((l) => /^#\s*R\d+/.test(l.trim()));
  if (!line) return null;
  const m = /^#\s*R(\d+)\s*\(release\),\s*REVISION:\s*([\d.]+)/.exec(line.trim());
  if (!m) return null;
  const fields: Record<string, string> = {};
  for (const part of line.split(',')) {
    const kv = /^\s*([A-Z]+):\s*(.*?)\s*$/.exec(part);
    if (kv) fields[kv[1]!] = kv[2]!;
  }
  const release: L4tRelease = { version: `${m[1]}.${m[2]}`, major: Number(m[1]), revision: m[2]! };
  if (fields.BOARD) release.board = fields.BOARD;
  if (fields.GCID) release.gcid = fields.GCID;
  if (fields.EABI) release.eabi = fields.EABI;
  if (fields.DATE) release.date = fields.DATE;
  return release;
}
