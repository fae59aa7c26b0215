import path from 'node:path';
import { assertSucceeded } from '../../transport/transport-errors.js';
import { agentRuntime, type Board } from '../board.js';
import { retrySetup } from '../retry.js';
import { AGENT_ENTRY, buildAgentBundle, SUMS_FILE, type AgentBundle } from './agent-bundle.js';
import { deployFiles } from './deploy-cache.js';

export interface DeployedAgent {
  /** `<workdir>/agent/<sha256>` on the board. */
  dir: string;
  entry: string;
  node: string;
  sha256: string;
  bytesSent: number;
}

// Unpacks the cached tarball once (into a temp dir, then an atomic rename), points node_modules
// at the board's onnxruntime-node, and checks every file against the bundle's own sums.
const INSTALL = `
d="$1"; archive="$2"; nm="$3"
check() { [ -f "$d/.complete" ] && (cd "$d" && sha256sum -c --quiet ${SUMS_FILE} >/dev/null 2>&1); }
if ! check; then
  rm -rf "$d"
  t="$d.tmp.$$"; rm -rf "$t"; mkdir -p "$t" && tar -xzf "$archive" -C "$t" || { rm -rf "$t"; echo "cannot unpack the agent" >&2; exit 1; }
  touch "$t/.complete"
  mv -T "$t" "$d" 2>/dev/null || rm -rf "$t"
  check || { echo "unpacked agent fails its checksums" >&2; exit 1; }
fi
if [ -n "$nm" ] && [ "$(readlink "$d/node_modules")" != "$nm" ]; then ln -sfn "$nm" "$d/node_modules"; fi
touch -c "$d"  # last use, for cache eviction
exit 0`;

let bundle: AgentBundle | undefined;

/**
 * Puts hil's agent on the board: the content-addressed tarball of its compiled files (sent only
 * when the board lacks it), unpacked under `<workdir>/agent/<sha256>`. Retried as a setup stage.
 */
export async function deployAgent(board: Board, options: { timeoutMs: number; signal?: AbortSignal }): Promise<DeployedAgent> {
  bundle ??= buildAgentBundle();
  const current = bundle;
  const runtime = agentRuntime(board);
  const { transport } = board;
  return retrySetup(
    'deploy',
    async () => {
      const report = await deployFiles(transport, [current.file], { ...options, stage: 'deploy' });
      const dir = path.posix.join(transport.workdir, 'agent', current.sha256);
      const installed = await transport.exec(['sh', '-c', INSTALL, 'sh', dir, report.files[0]!.remotePath, runtime.nodeModules ?? ''], {
        stage: 'deploy',
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
      assertSucceeded(installed, 'deploy');
      return { dir, entry: path.posix.join(dir, AGENT_ENTRY), node: runtime.node, sha256: current.sha256, bytesSent: report.bytesSent };
    },
    { signal: options.signal },
  );
}

/** Forget the built bundle (tests that rebuild dist). */
export function resetAgentBundle(): void {
  bundle = undefined;
}
