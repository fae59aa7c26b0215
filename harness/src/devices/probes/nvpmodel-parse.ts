/**
 * `nvpmodel -q` output: the power mode name and its id, e.g.
 *   NV Fan Mode:quiet        (some JetPacks)
 *   NV Power Mode: MAXN
 *   0
 * `--verbose` adds lines around these; they are ignored. Pure.
 */
export interface NvpmodelInfo {
  /** `MAXN`, `MAXP_CORE_ARM`, `15W`, ... */
  mode: string;
  /** The numeric mode (`nvpmodel -m <id>`); null when not printed. */
  id: number | null;
  /** `NV Fan Mode:quiet`, where printed. */
  fanMode?: string;
}

/** null when the text has no `NV Power Mode:` line (nvpmodel missing or failing). */
export function parseNvpmodelQuery(text: string): NvpmodelInfo | null {
  const lines = text.split('\n').map((l) => l.trim());
  const at = lines.findIndex((l) => /^NV Power Mode\s*:/.test(l));
  if (at === -1) return null;
  const mode = lines[at]!.replace(/^NV Power Mode\s*:\s*/, '');
  if (mode === '') return null;
  // The id is the first bare integer after the mode line.
  const idLine = lines.slice(at + 1).find((l) => /^\d+$/.test(l));
  const info: NvpmodelInfo = { mode, id: idLine === undefined ? null : Number(idLine) };
  const fan = lines.find((l) => /^NV Fan Mode\s*:/.test(l));
  if (fan) info.fanMode = fan.replace(/^NV Fan Mode\s*:\s*/, '');
  return info;
}
