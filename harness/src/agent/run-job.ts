/**
 * Runs a whole job where the model is: load tensors (prepared file, or images via sharp), open
 * the session, run each scenario in order, release. Used by agent-main (boards, child processes).
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { loadPreparedTensors, type PreparedTensors } from '../inference/prepared-tensors.js';
import type { ProgressFn } from '../engine/clock.js';
import { executeScenario } from '../engine/execute-scenario.js';
import { RESULT_FORMAT, type AgentJob, type AgentResult, type ScenarioResult } from '../engine/job.js';
import { openSession } from '../engine/ort-session.js';

export async function runJob(job: AgentJob, jobFile: string, onProgress?: ProgressFn): Promise<AgentResult> {
  const base = dirname(resolve(jobFile));
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  const tensors = await loadTensors(job, at);
  const opened = await openSession(at(job.modelPath), job.spec, job.session);
  try {
    const scenarios: ScenarioResult[] = [];
    for (const params of job.scenarios) {
      // A stream's frame file and a comparison's other model are named like every other path of a
      // job: relative to the job file.
      const resolved =
        params.scenario === 'stream'
          ? { ...params, frames: at(params.frames) }
          : params.scenario === 'compare'
            ? { ...params, other: { ...params.other, modelPath: at(params.other.modelPath), ...(params.other.tensors ? { tensors: at(params.other.tensors) } : {}) } }
            : params;
      scenarios.push(await executeScenario(opened, job.spec, tensors, resolved, { onProgress }));
    }
    return { format: RESULT_FORMAT, ok: true, model: job.spec.name, environment: opened.environment, scenarios };
  } finally {
    await opened.session.release().catch(() => undefined);
  }
}

async function loadTensors(job: AgentJob, at: (p: string) => string): Promise<PreparedTensors> {
  if (job.tensors !== undefined) return loadPreparedTensors(at(job.tensors), false);
  // A stream-only job brings raw frames in its params instead (validate-job allows this only then).
  if (job.images === undefined) return { key: 'none', inputName: job.spec.input.name, imageShape: [0, 0, 0], count: 0, data: new Float32Array(0), metas: [] };
  // sharp only when images must be decoded here: a board fed prepared tensors does not need it.
  const { prepareTensors } = await import('../inference/tensor-cache.js');
  const images = (job.images ?? []).map((img) => ({ id: img.id, path: at(img.path) }));
  return prepareTensors(images, job.spec.input);
}
