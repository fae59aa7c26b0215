import type { CheckContext } from './check-context.js';
import type { LoadedSuite } from '../config/load-suite.js';
import { streamFpsVerdict, streamP99Verdict } from '../metrics/stream-verdicts.js';
import { renderLatencyTimeline } from '../report/plots/latency-timeline.js';
import type { Verdict } from '../results/check-result.js';
import type { CheckInput, CheckOutcome } from './detection-check.js';
import type { StreamRunParams } from '../sessions/device-session.js';
import type { RunEnv } from '../results/run-env.js';
import { checkSubject } from './run-context.js';
import { measureStream, type StreamMeasurement } from './stream-measure.js';
import { describeVerdict, notMeasured, verdictParameters } from './verdict-helpers.js';

/** The suite's stream settings, with `--streams` applied. */
export function streamRunParams(suite: LoadedSuite, env: RunEnv): StreamRunParams {
  const s = suite.stream!;
  return {
    cameraFps: s.cameraFps,
    policy: s.policy,
    streams: env.streams ?? s.streams,
    warmup: s.warmup,
    ...(s.maxFrames !== undefined ? { maxFrames: s.maxFrames } : {}),
    ...(s.slots !== undefined ? { slots: s.slots } : {}),
  };
}

/** Measures the stream (once per model and run) and decides one check's verdict. */
export async function runStreamCheck(input: CheckInput): Promise<CheckOutcome> {
  const { suite, check, modelName, device, run, context } = input;
  const { model, dataset: sequence, budgets, budgetSource } = await checkSubject(run.config, { modelName, datasetDir: suite.dataset, device });
  const noStream = device.notMeasured?.stream;
  if (noStream) {
    const verdict = notMeasured(check.kind, check.kind === 'stream-fps' ? 'FPS' : 'ms', noStream);
    return { verdict, parameters: verdictParameters(verdict), description: describeVerdict(verdict, device) };
  }
  const params = streamRunParams(suite, run.env);
  const what = `${params.streams > 1 ? `${params.streams} streams` : 'one stream'} of ${sequence.images.length} frames at ${params.cameraFps} FPS, policy ${params.policy}`;
  const m = await context.step(`stream: ${what}`, () =>
    measureStream({ device, store: run.store, runDir: run.env.runDir, config: run.config }, model, sequence, params),
  );
  const figures = { processedFps: m.streams.map((s) => s.processedFps), p99Ms: m.streams.map((s) => s.glassToGlass?.p99Ms ?? null) };
  let verdict: Verdict;
  switch (check.kind) {
    case 'stream-fps':
      verdict = streamFpsVerdict(figures, budgets.streamFpsMin!, budgetSource);
      break;
    case 'stream-p99':
      verdict = streamP99Verdict(figures, budgets.streamP99MaxMs!, budgetSource);
      break;
    default:
      throw new Error(`check ${check.kind} is not a stream check`);
  }
  await attachTimelines(context, m, model.name, budgets.streamP99MaxMs ?? null, suite.stream!.timelines);
  await context.attach('stream.json', { body: JSON.stringify(summaryJson(m), null, 2), contentType: 'application/json' });
  const parameters = { runner: device.runner, ...(device.emulated ? { emulated: 'yes: an emulated board, not real hardware' } : {}), ...streamParameters(m), ...verdictParameters(verdict) };
  return { verdict, parameters, description: describeVerdict(verdict, device) };
}

function summaryJson(m: StreamMeasurement): unknown {
  return { ...m, streams: m.streams.map(({ timeline: _t, droppedAtMs: _d, ...rest }) => rest) };
}

/** Each stream of the wall and the total, as Allure parameters. */
function streamParameters(m: StreamMeasurement): Record<string, string> {
  const out: Record<string, string> = {
    policy: m.params.policy,
    'camera FPS': String(m.params.cameraFps),
    frame: `${m.frameWidth}x${m.frameHeight}`,
  };
  for (const s of m.streams) {
    const g = s.glassToGlass;
    out[`stream ${s.stream} @ ${s.board}`] = [
      `${s.processedFps.toFixed(2)} FPS`,
      g ? `g2g p50/p99 ${g.p50Ms.toFixed(1)}/${g.p99Ms.toFixed(1)} ms` : 'g2g not measured',
      `dropped ${s.dropped}/${s.produced}`,
      s.map50 === null ? 'mAP@.5 not measured' : `mAP@.5 on processed frames ${s.map50.toFixed(4)} (figure)`,
    ].join(', ');
  }
  // Figures without a limit: recorded with the model, shown here, never a check of their own.
  if (m.streams.length > 1) out['total processed FPS (figure)'] = `${m.totalProcessedFps.toFixed(2)} over ${m.streams.length} streams on ${[...new Set(m.streams.map((s) => s.board))].join(', ')}`;
  return out;
}

/** Glass-to-glass latency over the run, one plot per stream, dropped frames ticked along the bottom. */
async function attachTimelines(context: CheckContext, m: StreamMeasurement, model: string, budgetMs: number | null, max: number): Promise<void> {
  for (const s of m.streams.slice(0, max)) {
    if (s.timeline.length === 0) continue;
    const png = await renderLatencyTimeline({
      points: s.timeline,
      title: `${model}: glass-to-glass latency, stream ${s.stream} on ${s.board}`,
      subtitle: `${m.params.policy} policy, camera ${m.params.cameraFps} FPS: ${s.processed} of ${s.produced} frames processed at ${s.processedFps.toFixed(1)} FPS`,
      budgetMs,
      droppedAtMs: s.droppedAtMs,
    });
    await context.attach(`latency over time: stream ${s.stream} (${s.board})`, { body: png, contentType: 'image/png' });
  }
}
