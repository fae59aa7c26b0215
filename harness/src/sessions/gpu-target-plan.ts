/**
 * What the probe lets a GPU target do on one board (pure). The profile promises the target; the
 * probe states what the board has:
 * - what the profile promised and the board lacks (no trtexec, no GPU of that kind, a trtexec
 *   without --onnx or --exportTimes: TensorRT before 6.0) makes every check of the target
 *   `broken`, naming it;
 * - what only some checks need (trtexec's --loadInputs and --exportOutput, for accuracy) skips
 *   those checks, naming the option and the TensorRT version;
 * - the CUDA id is the probe's (a fact), whatever the profile expected (the mismatch is reported
 *   by the health check and in provenance);
 * - precisions a GPU cannot build are unsupported there.
 */
import { gpuForTarget, type BoardCapabilities, type GpuCapability } from '../devices/probes/capabilities-parse.js';
import type { Target } from '../devices/profile-schema.js';

export interface GpuTargetPlan {
  /** The probed CUDA device of the target, when the probe found one. */
  gpu?: GpuCapability;
  /** Every check of the target fails with this (a promised capability is missing). */
  missing?: string;
  /** Accuracy checks are skipped with this (the board's trtexec cannot feed pictures or export outputs). */
  noAccuracy?: string;
}

export function gpuTargetPlan(caps: BoardCapabilities | undefined, board: string, target: Target): GpuTargetPlan {
  if (!caps || target === 'cpu') return {};
  const trt = caps.tensorrt;
  const version = trt.version ?? 'of unknown version';
  if (!trt.trtexec) return { missing: `${board} has no trtexec on PATH (probed): its ${target} cannot be timed` };
  if (!trt.onnx) return { missing: `trtexec on ${board} (TensorRT ${version}) has no --onnx: its TensorRT predates the ONNX parser` };
  // hil times every query from --exportTimes (trtexec's rewrite in TensorRT 6.0); before it, no per-query times.
  if (!trt.exportTimes) return { missing: `trtexec on ${board} (TensorRT ${version}) has no --exportTimes (TensorRT 6.0+), which hil times each query with` };
  const kind = target === 'dgpu' ? 'discrete' : 'integrated';
  const gpu = gpuForTarget(caps, target);
  if (!gpu) return { missing: `${board} has no ${kind} GPU (probed${kind === 'discrete' ? ': nvidia-smi -L listed none' : ''}): target ${target} cannot run` };
  const lacking = (['loadInputs', 'exportOutput'] as const).filter((o) => !trt[o]);
  return {
    gpu,
    ...(lacking.length ? { noAccuracy: `unsupported on ${board}: trtexec of TensorRT ${version} has no ${lacking.map((o) => `--${o}`).join(' or ')} (TensorRT 6.0+), which accuracy on the GPU needs` } : {}),
  };
}
