import { TARGETS, type DeviceProfile, type Target } from '../devices/profile-schema.js';
import { ConfigError } from '../errors.js';
import { RUNNER_CAPABILITIES, runnerForTarget, type Capability } from '../runners/runner-for-target.js';

export type { RunProject } from '../results/run-env.js';
import type { RunProject } from '../results/run-env.js';

export function projectName(device: string, target: Target): string {
  return target === 'cpu' ? device : `${device}:${target}`;
}

type ProfileTargets = Pick<DeviceProfile, 'name' | 'targets' | 'runners'>;

/** Why a device cannot serve a target for this suite, or undefined when it can. */
function unusable(device: string, profile: ProfileTargets, target: Target, needs: readonly Capability[], suite: string): string | undefined {
  if (!profile.targets.includes(target)) return `device "${device}" has no ${target} (targets of ${profile.name}: ${profile.targets.join(', ')})`;
  const runner = runnerForTarget(profile, target);
  if (!runner) return `device "${device}" has no runner for ${target} (${profile.name} runners: ${profile.runners.join(', ')}; ${target === 'cpu' ? 'cpu needs ort-agent' : `${target} needs trtexec`})`;
  if (!needs.some((c) => RUNNER_CAPABILITIES[runner].includes(c))) return `suite "${suite}" needs ${needs.join(' or ')}, which ${runner} (${target} of "${device}") does not measure`;
  return undefined;
}

/**
 * The projects of a run: by default every target of each device's profile that one of its
 * runners can serve for this suite (a stream suite needs hil's agent, so GPU targets are left
 * out there); `--target` narrows that, and a target no device can serve is a config error.
 */
export function planRunProjects(input: {
  devices: ReadonlyArray<{ requested: string; profile: ProfileTargets }>;
  targets?: readonly string[];
  /** What the suite measures: any one of them makes a target worth a project. */
  needs: readonly Capability[];
  suite: string;
}): RunProject[] {
  const wanted = input.targets && input.targets.length > 0 ? input.targets : undefined;
  for (const t of wanted ?? []) {
    if (!(TARGETS as readonly string[]).includes(t)) throw new ConfigError('HIL_UNKNOWN_TARGET', `--target ${t}: unknown target; targets are ${TARGETS.join(', ')}`, { where: '--target' });
  }
  const projects: RunProject[] = [];
  for (const { requested, profile } of input.devices) {
    const candidates = (wanted ?? profile.targets) as Target[];
    const usable = candidates.filter((t) => !unusable(requested, profile, t, input.needs, input.suite));
    if (usable.length === 0) {
      const reasons = candidates.map((t) => unusable(requested, profile, t, input.needs, input.suite)!);
      throw new ConfigError('HIL_NO_TARGET', `${wanted ? `--target ${wanted.join(' ')}: ` : ''}${reasons.join('; ')}`, {
        where: wanted ? '--target' : '--device',
        hint: wanted ? `leave --target out to run every target "${requested}" can serve` : undefined,
      });
    }
    for (const target of usable) projects.push({ name: projectName(requested, target), device: requested, target, runner: runnerForTarget(profile, target)! });
  }
  return projects;
}
