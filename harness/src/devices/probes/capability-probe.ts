/**
 * Probes what a board can do, in one round trip (part of its health check, so `hil devices check`
 * and every lease see it): TensorRT's version and trtexec's options, the GPUs, the power sources
 * that answer. Nothing is assumed from the profile; `capabilityMismatches` compares the two.
 */
import type { Board } from '../board.js';
import type { DeviceProfile } from '../profile-schema.js';
import { gpuForTarget, parseCapabilityProbe, type BoardCapabilities } from './capabilities-parse.js';

// `$HIL_SYSROOT` is an emulated board's fake root (empty on a real one). Each line `key<TAB>value`.
const PROBE = String.raw`
r="${'$'}{HIL_SYSROOT:-}"
line() { printf '%s\t%s\n' "$1" "$2"; }
each() { k=$1; while IFS= read -r l; do line "$k" "$l"; done; }
if t=$(command -v trtexec 2>/dev/null); then line trtexec "$t"; trtexec --help 2>&1 | head -n 400 | each help; else line trtexec ""; fi
for f in "$r"/usr/lib/aarch64-linux-gnu/libnvinfer.so.* "$r"/usr/lib/x86_64-linux-gnu/libnvinfer.so.*; do [ -e "$f" ] && line libnvinfer "${'$'}{f##*/}"; done
[ -r "$r/proc/device-tree/compatible" ] && line compatible "$(tr '\0' ' ' < "$r/proc/device-tree/compatible")"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi -L 2>&1 | each smi-list
  nvidia-smi --query-gpu=index,name,power.draw --format=csv,noheader,nounits 2>&1 | each smi-power
  # compute_cap came with driver 510: an older driver refuses the field (then it stays unknown).
  nvidia-smi --query-gpu=index,compute_cap --format=csv,noheader 2>&1 | each smi-cc
fi
if command -v tegrastats >/dev/null 2>&1; then line tegrastats "$(timeout 5 tegrastats --interval 100 2>/dev/null | head -n 1)"; fi
for d in "$r"/sys/bus/i2c/drivers/ina3221x/*/iio:device* "$r"/sys/bus/i2c/devices/*/hwmon/hwmon*; do
  [ -e "$d" ] || continue
  case "$d" in *hwmon*) grep -qx ina3221 "$d/name" 2>/dev/null || continue;; esac
  line ina3221 "$d"
done
exit 0`;

/** The board's capabilities, or throws (a transport error) when it cannot be asked. */
export async function probeCapabilities(board: Board, limits: { timeoutMs: number; signal?: AbortSignal }): Promise<BoardCapabilities> {
  const r = await board.transport.exec(['sh', '-c', PROBE], { stage: 'health', ...limits });
  return parseCapabilityProbe(r.stdout);
}

/** Where the profile expects what the probe did not find, one line each (reported, never silent). */
export function capabilityMismatches(profile: Pick<DeviceProfile, 'targets' | 'runners' | 'trtexec' | 'power'>, caps: BoardCapabilities): string[] {
  const out: string[] = [];
  const gpuTargets = profile.targets.filter((t) => t !== 'cpu');
  if (gpuTargets.length && profile.runners.includes('trtexec')) {
    if (!caps.tensorrt.trtexec) out.push('the profile times its GPUs with trtexec, but the board has no trtexec on PATH');
    else if (!caps.tensorrt.onnx) out.push(`trtexec (TensorRT ${caps.tensorrt.version ?? 'unknown'}) has no --onnx: this TensorRT predates its ONNX parser`);
  }
  for (const target of gpuTargets) {
    const kind = target === 'dgpu' ? 'discrete' : 'integrated';
    const gpu = gpuForTarget(caps, target);
    if (!gpu) {
      out.push(`the profile has target ${target}, but the probe found no ${kind} GPU${kind === 'discrete' ? ' (nvidia-smi -L listed none)' : ' (no known Tegra SoC in the device tree)'}`);
      continue;
    }
    const expectedId = profile.trtexec?.gpuIds?.[target];
    if (expectedId !== undefined && expectedId !== gpu.cudaId) out.push(`the profile puts ${target} at CUDA device ${expectedId}; the probe finds the ${kind} GPU (${gpu.name}) at ${gpu.cudaId}`);
    const expected = profile.trtexec?.precisions?.[target] ?? [];
    const lacking = gpu.precisions ? expected.filter((p) => !gpu.precisions!.includes(p)) : [];
    if (lacking.length) out.push(`the profile lists ${lacking.join(', ')} for ${target}, which ${gpu.name} (compute ${gpu.computeCapability}) cannot build`);
  }
  const source = profile.power.source;
  const probed = caps.power.find((p) => p.source === source);
  if (probed && !probed.answers) out.push(`the profile's power source ${source} does not answer: ${probed.detail}`);
  return out;
}

/** The capabilities as `hil devices check` prints them, one fact per line. */
export function formatCapabilities(caps: BoardCapabilities): string[] {
  const t = caps.tensorrt;
  const options = t.trtexec ? ['onnx', 'loadInputs', 'exportOutput'].map((o) => `${t[o as 'onnx' | 'loadInputs' | 'exportOutput'] ? '' : 'no '}--${o}`).join(', ') : '';
  return [
    `tensorrt: ${t.trtexec ? `${t.version ?? 'version not found'} (${t.trtexec}; ${options})` : 'no trtexec on PATH'}`,
    ...(caps.gpus.length ? caps.gpus.map((g) => `gpu ${g.cudaId}: ${g.name}, ${g.kind}, compute ${g.computeCapability ?? 'unknown'}, precisions ${g.precisions?.join('/') ?? 'unknown until trtexec runs on it'}`) : ['gpus: none found']),
    `power: ${caps.power.map((p) => `${p.source} ${p.answers ? 'answers' : 'no'} (${p.detail})`).join('; ')}`,
  ];
}
