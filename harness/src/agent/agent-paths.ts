/**
 * Where the compiled agent scripts are. Worker threads and child processes need JavaScript, so
 * when this module runs from TypeScript sources (vitest), the scripts come from `harness/dist`
 * (built by `npm run build`, which `npm test` runs first).
 */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfrastructureError } from '../errors.js';

export type AgentScript = 'runner-worker.js' | 'runner-child.js' | 'agent-main.js';

export function agentScriptPath(script: AgentScript): string {
  const here = fileURLToPath(import.meta.url);
  let dir = dirname(here);
  if (here.endsWith('.ts')) {
    const marker = `${sep}src${sep}agent`;
    if (dir.endsWith(marker)) dir = dir.slice(0, -marker.length) + `${sep}dist${sep}agent`;
  }
  const path = join(dir, script);
  if (!existsSync(path)) {
    throw new InfrastructureError('HIL_AGENT_NOT_BUILT', `the compiled agent ${path} is missing`, {
      where: path,
      hint: 'run `npm run build` (npm test does this first)',
    });
  }
  return path;
}
