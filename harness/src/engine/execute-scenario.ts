/**
 * Runs one scenario on an opened session: builds the feeds (untimed), then the scenario's loop.
 * Shared by the worker thread (local runner) and agent-main (a board over SSH).
 */
import { InfrastructureError } from '../errors.js';
import type { PreparedTensors } from '../inference/prepared-tensors.js';
import { runAccuracyLoop } from './accuracy.js';
import type { LoopHooks } from './clock.js';
import { batchFeeds, checkTensorsFit, imageFeeds } from './feeds.js';
import type { AgentModelSpec, ScenarioParams, ScenarioResult } from './job.js';
import { openSession, type OpenedSession } from './ort-session.js';
import { COMPARE_DEFAULTS, runCompareLoop } from './compare.js';
import { loadPreparedTensors } from '../inference/prepared-tensors.js';
import { runSingleStreamLoop, SINGLE_STREAM_DEFAULTS } from './single-stream.js';
import { runStreamScenario } from './stream/stream-scenario.js';
import { runThroughputLoop, THROUGHPUT_DEFAULTS } from './throughput.js';

const others = new Map<string, Promise<OpenedSession>>();

function openOther(modelPath: string, spec: AgentModelSpec, config: OpenedSession['environment']['session']): Promise<OpenedSession> {
  let opened = others.get(modelPath);
  if (!opened) {
    opened = openSession(modelPath, spec, config);
    others.set(modelPath, opened);
    opened.catch(() => others.delete(modelPath));
  }
  return opened;
}

export async function executeScenario(
  opened: OpenedSession,
  spec: AgentModelSpec,
  tensors: PreparedTensors,
  params: ScenarioParams,
  hooks: LoopHooks = {},
): Promise<ScenarioResult> {
  if (params.scenario === 'stream') {
    // Frames come with the params (raw camera frames, preprocessed per frame by each consumer
    // thread on its own session); prepared tensors play no part.
    if (!opened.modelPath) throw new InfrastructureError('HIL_STREAM_NO_MODEL', 'the stream scenario needs the model path of the opened session');
    return runStreamScenario({ modelPath: opened.modelPath, spec, session: opened.environment.session }, params, hooks);
  }
  checkTensorsFit(tensors, spec.input);
  const { ort, session, environment } = opened;
  switch (params.scenario) {
    case 'single-stream': {
      const feeds = imageFeeds(ort, tensors, params.sampleCount ?? SINGLE_STREAM_DEFAULTS.sampleCount);
      return runSingleStreamLoop(session, feeds, params, hooks);
    }
    case 'throughput': {
      const dynamic = environment.batchDynamic;
      const declared = environment.modelInputShape[0];
      const fixed = typeof declared === 'number' && declared > 0 ? declared : 1;
      const batch = dynamic ? Math.max(1, Math.floor(params.batchSize ?? THROUGHPUT_DEFAULTS.batchSize)) : fixed;
      const feeds = batchFeeds(ort, tensors, batch, params.sampleCount ?? THROUGHPUT_DEFAULTS.sampleCount);
      return runThroughputLoop(session, feeds, batch, dynamic, params, hooks);
    }
    case 'accuracy':
      return runAccuracyLoop(ort, session, spec, tensors, params, hooks);
    case 'compare': {
      // The new version's session is opened once per worker (or agent) and kept: one per model file.
      const other = await openOther(params.other.modelPath, params.other.spec, opened.environment.session);
      const otherTensors = params.other.tensors ? await loadPreparedTensors(params.other.tensors) : tensors;
      checkTensorsFit(otherTensors, params.other.spec.input);
      const count = params.sampleCount ?? COMPARE_DEFAULTS.sampleCount;
      return runCompareLoop({ session, feeds: imageFeeds(ort, tensors, count) }, { session: other.session, feeds: imageFeeds(other.ort, otherTensors, count) }, params, hooks);
    }
  }
}
