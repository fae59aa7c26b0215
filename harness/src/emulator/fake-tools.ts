import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { shellQuote } from '../transport/shell-quote.js';
import type { BoardImage } from './board-image.js';
import type { EmulatedBoardState } from './board-state.js';
import { NODE_MIN_GLIBC, nodeRuns } from './board-model.js';
import { boardModelOrTx2 } from './board-models.js';

/** How the agent's entry point ends (agent/<sha256>/agent/agent-main.js on the board). */
const AGENT_ENTRY_SUFFIX = '/agent-main.js';

function script(body: string): string {
  return `#!/bin/sh\n${body}\n`;
}

function write(binDir: string, name: string, body: string): void {
  writeFileSync(path.join(binDir, name), script(body), { mode: 0o755 });
}

/** Writes the board's fake NVIDIA tools (programs from the board's own image) (and removes tegrastats when the fault says so). */
export function writeFakeTools(binDir: string, state: EmulatedBoardState, image: BoardImage): void {
  const node = shellQuote(image.node);
  const toolEntry = (name: string) => image.tool(`emulator/${name}` as Parameters<BoardImage['tool']>[0]);
  const jetsonTool = shellQuote(toolEntry('fake-jetson-tool-main.js'));
  const tegrastats = path.join(binDir, 'tegrastats');
  if (state.tegrastats === 'missing') rmSync(tegrastats, { force: true });
  else write(binDir, 'tegrastats', `exec ${node} ${shellQuote(toolEntry('fake-tegrastats-main.js'))} "$@"`);
  write(binDir, 'nvpmodel', `exec ${node} ${jetsonTool} nvpmodel "$@"`);
  write(binDir, 'jetson_clocks', `HIL_EMU_TOOL_PATH="$0" exec ${node} ${jetsonTool} jetson_clocks "$@"`);
  // TensorRT's trtexec, standing in for the GPU with onnxruntime on the host CPU (times it really measured).
  write(binDir, 'trtexec', `HIL_EMU_TOOL_PATH="$0" exec ${node} ${shellQuote(toolEntry('fake-trtexec-main.js'))} "$@"`);
  // NVIDIA's management tool sees discrete GPUs only; a Jetson without one has no nvidia-smi.
  const nvidiaSmi = path.join(binDir, 'nvidia-smi');
  if ((boardModelOrTx2(state.type).discreteGpus ?? []).length > 0) write(binDir, 'nvidia-smi', `exec ${node} ${shellQuote(toolEntry('fake-nvidia-smi-main.js'))} "$@"`);
  else rmSync(nvidiaSmi, { force: true });
  // Passwordless sudo, as a farm board is set up: options are dropped, the tools see "root".
  write(
    binDir,
    'sudo',
    [
      'while [ $# -gt 0 ]; do',
      '  case "$1" in -u|-g) shift 2;; --) shift; break;; -*) shift;; *) break;; esac',
      'done',
      'HIL_EMU_ROOT=1 exec "$@"',
    ].join('\n'),
  );
  // The node that runs hil's agent (the farm entry's agent.node): every agent start is logged for
  // the tests (measurements are never retried: one start each), and the state's `runner` fault
  // makes the agent hang, crash or write garbage. Anything else (`node --version`) is plain node.
  const model = boardModelOrTx2(state.type);
  // The board's C library, as Ubuntu's ldd prints it.
  write(binDir, 'ldd', `case "$1" in --version) printf '%s\\n' 'ldd (Ubuntu GLIBC ${model.glibc}-3ubuntu1) ${model.glibc}';; *) exec /usr/bin/ldd "$@";; esac`);
  if (!nodeRuns(model, state)) {
    // JetPack 4's glibc: Node 20 does not even start, whatever it is asked (the dynamic loader's message).
    write(binDir, 'node', `echo "\${0##*/}: /lib/aarch64-linux-gnu/libc.so.6: version \\\`GLIBC_${NODE_MIN_GLIBC}' not found (required by \${0##*/})" >&2\nexit 1`);
  } else write(
    binDir,
    'node',
    [
      `case "$1" in *${AGENT_ENTRY_SUFFIX}) ;; *) exec ${node} "$@";; esac`,
      'printf \'%s %s\\n\' "$(/bin/date +%s%3N)" "$$" >> "$HIL_EMU_STATE.agent-starts"',
      `mode=$(sed -n 's/.*"runner": *"\\([a-z]*\\)".*/\\1/p' "$HIL_EMU_STATE" 2>/dev/null)`,
      // A skewed board clock is the agent's clock too (its window must match tegrastats' stamps).
      `skew=$(sed -n 's/.*"clockSkewS": *\\(-\\{0,1\\}[0-9][0-9]*\\).*/\\1/p' "$HIL_EMU_STATE" 2>/dev/null)`,
      `if [ -n "$skew" ] && [ "$skew" != 0 ]; then export HIL_EMU_CLOCK_SKEW_S="$skew"; set -- --import ${shellQuote(toolEntry('skewed-clock.js'))} "$@"; fi`,
      'case "$mode" in',
      '  hang) exec sleep 86400;;',
      "  crash) printf '\\001\\377garbage{{ not json\\n'; echo 'Segmentation fault (core dumped)' >&2; exit 139;;",
      '  garbage) out=""; while [ $# -gt 0 ]; do [ "$1" = --out ] && out=$2; shift; done; printf \'garbage{{ not json\' > "$out"; exit 0;;',
      'esac',
      `exec ${node} "$@"`,
    ].join('\n'),
  );
  // The board's sha256sum: with `corruptUploads` pending (a counter file), an upload being
  // verified first gets a byte flipped, as a transfer corrupted on the way would leave it.
  write(
    binDir,
    'sha256sum',
    [
      'n=$(cat "$HIL_EMU_STATE.corrupt-uploads" 2>/dev/null)',
      'case "$n:$1" in',
      '  [1-9]*:*/.upload-*) echo $((n - 1)) > "$HIL_EMU_STATE.corrupt-uploads"; printf X | dd of="$1" bs=1 count=1 conv=notrunc 2>/dev/null;;',
      'esac',
      'exec /usr/bin/sha256sum "$@"',
    ].join('\n'),
  );
  // An overloaded board (slowShellMs): each shell and each clock reading starts late.
  const slowS = (state.slowShellMs ?? 0) > 0 ? ((state.slowShellMs ?? 0) / 1000).toFixed(3) : null;
  if (slowS) write(binDir, 'sh', `sleep ${slowS}\nexec /bin/sh "$@"`);
  else rmSync(path.join(binDir, 'sh'), { force: true });
  // The board's clock, skewed by the state's clockSkewS (host/board clock skew fault).
  write(
    binDir,
    'date',
    [
      ...(slowS ? [`sleep ${slowS}`] : []),
      `skew=$(sed -n 's/.*"clockSkewS": *\\(-\\{0,1\\}[0-9][0-9]*\\).*/\\1/p' "$HIL_EMU_STATE" 2>/dev/null)`,
      'if [ -z "$skew" ] || [ "$skew" = 0 ]; then exec /bin/date "$@"; fi',
      // One reading, seconds and nanoseconds, so `+%s%3N` keeps its milliseconds.
      't=$(/bin/date +%s.%N)',
      'exec /bin/date -d "@$(( ${t%.*} + skew )).${t#*.}" "$@"',
    ].join('\n'),
  );
}
