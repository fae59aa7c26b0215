import type { CheckContext } from './check-context.js';
import type { StreamPlannedCheck } from '../plan/stream-check-plan.js';
import type { LoadedSuite } from '../config/load-suite.js';
import type { ResolvedHilConfig } from '../config/define-config.js';
import { streamFpsVerdict, streamP99Verdict } from '../metrics/stream-verdicts.js';
import { renderLatencyTimeline } from '../report/plots/latency-timeline.js';
import type { Verdict } from '../results/check-result.js';
import type { CheckOutcome } from './detection-check.js';
import type { DeviceSession, StreamRunParams } from '../sessions/device-session.js';
import type { MeasurementStore } from './measurement-store.js';
import type { RunEnv } from '../results/run-env.js';
import { checkSubject } from './run-context.js';
import { measureStream, type StreamMeasurement } from './stream-measure.js';
import { describeVerdict, noLimitVerdict } from './verdict-helpers.js';

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

export interface StreamCheckInput {
  suite: LoadedSuite;
  check: StreamPlannedCheck;
  modelName: string;
  device: DeviceSession;
  run: { env: RunEnv; config: ResolvedHilConfig; store: MeasurementStore };
  context: CheckContext;
}

/** Measures the stream (once per model and run) and decides one check's verdict. */
export async function runStreamCheck(input: StreamCheckInput): Promise<CheckOutcome> {
  const { suite, check, modelName, device, run, context } = input;
  const { model, dataset: sequence, budgets, budgetSource } = await checkSubject(run.config, { modelName, datasetDir: suite.dataset, device });
  const params = streamRunParams(suite, run.env);
  const what = `${params.streams > 1 ? `${params.streams} streams` : 'one stream'} of ${sequence.images.length} frames at ${params.cameraFps} FPS, policy ${params.policy}`;
  const m = await context.step(`stream: ${what}`, () =>
    measureStream({ device, store: run.store, runDir: run.env.runDir, config: run.config }, model, sequence, params),
  );
  const figures = { processedFps: m.streams.map((s) => s.processedFps), p99Ms: m.streams.map((s) => s.glassToGlass?.p99Ms ?? null) };
  let verdict: Verdict;
  switch (check.kind) {
    case 'stream-fps': {
      const limit = budgets.streamFpsMin;
      verdict = limit === undefined
        ? noLimitVerdict('stream-fps', `processed FPS ${Math.min(...figures.processedFps).toFixed(2)}; no streamFpsMin budget for ${device.deviceType}`, Math.min(...figures.processedFps), 'FPS')
        : streamFpsVerdict(figures, limit, budgetSource);
      await attachTimelines(context, m, model.name, budgets.streamP99MaxMs ?? null, suite.stream!.timelines);
      break;
    }
    case 'stream-p99': {
      const limit = budgets.streamP99MaxMs;
      const worst = figures.p99Ms.every((v) => v !== null) ? Math.max(...(figures.p99Ms as number[])) : null;
      verdict = limit !== undefined
        ? streamP99Verdict(figures, limit, budgetSource)
        : worst === null
          ? { check: 'stream-p99', status: 'skipped', value: null, unit: 'ms', message: 'not measured (a stream processed no frame)' }
          : noLimitVerdict('stream-p99', `glass-to-glass p99 ${worst.toFixed(2)} ms; no streamP99MaxMs budget for ${device.deviceType}`, worst, 'ms');
      await attachTimelines(context, m, model.name, limit ?? null, suite.stream!.timelines);
      break;
    }
    case 'stream-map': {
      const maps = m.streams.map((s) => s.map50);
      const worst = maps.every((v) => v !== null) ? Math.min(...(maps as number[])) : null;
      verdict = worst === null
        ? { check: 'stream-map', status: 'skipped', value: null, unit: '', message: 'not measured (a stream processed no frame)' }
        : noLimitVerdict('stream-map', `mAP@.5 ${worst.toFixed(4)} on the processed frames${m.streams.length > 1 ? ' (worst stream)' : ''}`, worst, '');
      await context.attach('stream-map.json', {
        body: JSON.stringify(m.streams.map((s) => ({ stream: s.stream, board: s.board, images: s.mapImages, map: s.map, map50: s.map50, stats: s.stats })), null, 2),
        contentType: 'application/json',
      });
      break;
    }
    case 'stream-total-fps':
      verdict = noLimitVerdict('stream-total-fps', `${m.totalProcessedFps.toFixed(2)} FPS over ${m.streams.length} streams on ${[...new Set(m.streams.map((s) => s.board))].join(', ')}`, m.totalProcessedFps, 'FPS');
      break;
  }
  await context.attach('stream.json', { body: JSON.stringify(summaryJson(m), null, 2), contentType: 'application/json' });
  return { verdict, parameters: { ...streamParameters(m), ...verdictParameters(verdict) }, description: describeVerdict(verdict, device) };
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
      s.map50 === null ? 'mAP@.5 not measured' : `mAP@.5 ${s.map50.toFixed(4)}`,
    ].join(', ');
  }
  if (m.streams.length > 1) out['total processed FPS'] = m.totalProcessedFps.toFixed(2);
  return out;
}

function verdictParameters(verdict: Verdict): Record<string, string> {
  const out: Record<string, string> = { measured: verdict.value === null ? 'not measured' : `${Number(verdict.value.toFixed(4))} ${verdict.unit}`.trim() };
  if (verdict.limit) out.limit = `${verdict.limit.op} ${verdict.limit.value} ${verdict.unit} (${verdict.limit.source})`;
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
