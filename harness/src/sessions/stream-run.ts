import type { AgentModelSpec, StreamParams, StreamResult } from '../engine/job.js';
import type { ModelSpec } from '../inference/model-spec.js';
import type { StreamRun, StreamRunParams } from './device-session.js';

/** The part of a manifest entry the on-board agent needs. */
export function agentSpecOf(spec: ModelSpec): AgentModelSpec {
  return { name: spec.name, input: spec.input, output: spec.output, nms: spec.nms, priors: spec.priors };
}

export function streamParamsFor(frames: string, params: StreamRunParams, streams = params.streams): StreamParams {
  return {
    scenario: 'stream',
    frames,
    cameraFps: params.cameraFps,
    policy: params.policy,
    streams,
    warmup: params.warmup,
    ...(params.maxFrames !== undefined ? { maxFrames: params.maxFrames } : {}),
    ...(params.slots !== undefined ? { slots: params.slots } : {}),
  };
}

/**
 * One stream run from the results of one or more boards (multi-stream spreads streams over
 * boards): streams numbered across boards in board order, each labelled with its board.
 */
export function mergeStreamResults(parts: ReadonlyArray<{ board: string; result: StreamResult }>): StreamRun {
  const first = parts[0];
  if (!first) throw new RangeError('mergeStreamResults: no results');
  const streams = parts.flatMap((p) => p.result.streams.map((s) => ({ ...s, board: p.board })));
  streams.forEach((s, i) => (s.stream = i));
  return {
    policy: first.result.policy,
    cameraFps: first.result.cameraFps,
    frameWidth: first.result.frameWidth,
    frameHeight: first.result.frameHeight,
    streams,
    totalProcessedFps: streams.reduce((sum, s) => sum + s.processedFps, 0),
  };
}

/** n streams over k boards, as evenly as possible, first boards first: 4 over 3 -> [2, 1, 1]. */
export function spreadStreams(n: number, boards: number): number[] {
  return Array.from({ length: boards }, (_, i) => Math.floor(n / boards) + (i < n % boards ? 1 : 0));
}
