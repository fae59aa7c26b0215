import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfrastructureError } from '../../errors.js';
import { harnessDistDir } from '../../files/compiled-path.js';
import { importClosure } from './import-closure.js';
import { createTarGz, type TarEntry } from './tar-writer.js';
import { writeFileAtomicSync } from '../../files/atomic-write.js';

export const AGENT_ENTRY = 'agent/agent-main.js';
export const SUMS_FILE = '.sha256sums';

export interface AgentBundle {
  /** Local .tar.gz, named by its sha256. */
  file: string;
  sha256: string;
  /** Files inside, relative to harness/dist. */
  files: string[];
  /** Packages the agent imports by name; the board's node_modules must hold them. */
  packages: string[];
}

/**
 * The agent and every harness module it imports (the import closure of agent-main.js), packed
 * as a deterministic tarball: unchanged code gives the same hash, and is never sent twice.
 */
export function buildAgentBundle(distDir = harnessDistDir()): AgentBundle {
  const entry = path.join(distDir, AGENT_ENTRY);
  if (!existsSync(entry)) {
    throw new InfrastructureError('HIL_NOT_BUILT', `the compiled agent ${entry} is missing`, { hint: 'run `npm run build`' });
  }
  const { files, packages } = importClosure(distDir, [AGENT_ENTRY]);
  const contents = files.map((f) => ({ path: f, content: readFileSync(path.join(distDir, f)) }));
  // Checked on the board (`sha256sum -c`) before every use: an unpacked agent could be altered.
  const sums = contents.map((c) => `${createHash('sha256').update(c.content).digest('hex')}  ${c.path}\n`).join('');
  const entries: TarEntry[] = [
    // Node 20 treats .js as CommonJS without this; the harness is ESM.
    { path: 'package.json', content: Buffer.from('{"type":"module","private":true}\n') },
    { path: SUMS_FILE, content: Buffer.from(sums) },
    ...contents,
  ];
  const archive = createTarGz(entries);
  const sha256 = createHash('sha256').update(archive).digest('hex');
  const dir = path.join(os.tmpdir(), 'hil-bundles');
  const file = path.join(dir, `agent-${sha256}.tar.gz`);
  if (!existsSync(file)) writeFileAtomicSync(file, archive);
  return { file, sha256, files, packages };
}
