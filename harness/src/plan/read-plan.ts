import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { PLAN_FORMAT, type RunPlan } from './run-plan.js';

/** The run's plan as `hil run` wrote it (read synchronously: Playwright collects tests from it). */
export function readPlanSync(file: string): RunPlan {
  let plan: RunPlan;
  try {
    plan = JSON.parse(readFileSync(file, 'utf8')) as RunPlan;
  } catch (cause) {
    throw new ConfigError('HIL_PLAN_UNREADABLE', `${file}: the run's plan cannot be read: ${(cause as Error).message}`, { cause, where: file });
  }
  if (plan.format !== PLAN_FORMAT) throw new ConfigError('HIL_PLAN_UNREADABLE', `${file}: format is ${String(plan.format)}, expected ${PLAN_FORMAT}`, { where: file });
  return plan;
}

/** The Playwright grep that selects one project's planned tests by their tags (`@hil-3`). */
export function projectGrep(plan: RunPlan, project: string): RegExp {
  const ids = plan.projects.find((p) => p.name === project)?.tests.map((t) => t.id.replace(/^hil-/, '')) ?? [];
  // Matches nothing when the project plans nothing (Playwright then runs none of its tests).
  return ids.length === 0 ? /(?!)/ : new RegExp(`(?:^|\\s)@hil-(?:${ids.join('|')})(?:\\s|$)`);
}
