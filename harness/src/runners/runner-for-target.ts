/**
 * Which on-board runner serves which target, and what each runner can measure. Pure data.
 *
 * - `ort-agent` (hil's onnxruntime-node agent) runs on the CPU only: the npm build of
 *   onnxruntime-node has no GPU provider on arm64, so a Jetson's GPU is not reachable through it.
 * - `trtexec` (TensorRT) runs on the GPUs only (igpu, dgpu). It times an engine on random inputs
 *   (latency, throughput) and, for accuracy, runs it on the golden pictures (`--loadInputs`) and
 *   exports its outputs (`--exportOutput`), which hil decodes like any runner's. Camera streams
 *   are not measured there (no frames reach trtexec at a camera's rate).
 */
import type { DeviceProfile, RunnerName, Target } from '../devices/profile-schema.js';

/** The kinds of measurement a suite asks of a runner. */
export type Capability = 'accuracy' | 'single-stream' | 'throughput' | 'stream';

export const RUNNER_CAPABILITIES: Readonly<Record<RunnerName, readonly Capability[]>> = {
  'ort-agent': ['accuracy', 'single-stream', 'throughput', 'stream'],
  trtexec: ['accuracy', 'single-stream', 'throughput'],
};

/** Why a runner leaves a measurement out, as the report says it ("not measured: ..."). */
export function notMeasuredReason(runner: RunnerName, capability: Capability): string | undefined {
  if (RUNNER_CAPABILITIES[runner].includes(capability)) return undefined;
  if (runner === 'trtexec') {
    return 'not measured: trtexec runs an engine on files, not on camera frames arriving at a camera\'s rate';
  }
  return `not measured: ${runner} cannot run ${capability}`;
}

/** The runner that serves `target` on boards of this profile, or null when none does. */
export function runnerForTarget(profile: Pick<DeviceProfile, 'targets' | 'runners'>, target: Target): RunnerName | null {
  if (!profile.targets.includes(target)) return null;
  const runner: RunnerName = target === 'cpu' ? 'ort-agent' : 'trtexec';
  return profile.runners.includes(runner) ? runner : null;
}

export interface DeviceTarget {
  target: Target;
  runner: RunnerName;
}

/** The profile's targets that some runner of its boards can serve, in the profile's order. */
export function runnableTargets(profile: Pick<DeviceProfile, 'targets' | 'runners'>): DeviceTarget[] {
  const out: DeviceTarget[] = [];
  for (const target of profile.targets) {
    const runner = runnerForTarget(profile, target);
    if (runner) out.push({ target, runner });
  }
  return out;
}
