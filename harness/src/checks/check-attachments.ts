import { readFile } from 'node:fs/promises';
import type { CheckContext } from './check-context.js';
import type { CocoDetection } from '../inference/model-spec.js';
import { renderDetectionOverlay } from '../report/overlays/detection-overlay.js';
import { renderLatencyHistogram } from '../report/plots/latency-histogram.js';
import { renderPowerTrace } from '../report/plots/power-trace.js';
import { parseKernelUtilisation, renderKernelUtilisation } from '../report/plots/kernel-utilisation.js';
import path from 'node:path';
import { COCO_STAT_NAMES } from '../metrics/coco-eval.js';
import type { LoadedDataset } from '../datasets/load-dataset.js';
import type { AccuracyMeasurement, LatencyMeasurement } from './measure-model.js';

/** Metrics JSON and detection overlays (ground truth and predictions) on the first golden images. */
export async function attachAccuracy(context: CheckContext, accuracy: AccuracyMeasurement, dataset: LoadedDataset, overlays: number): Promise<void> {
  const stats = Object.fromEntries(COCO_STAT_NAMES.map((name, i) => [name, accuracy.stats[i]]));
  await context.attach('metrics.json', {
    body: JSON.stringify({ stats, perCategory: accuracy.perCategory, images: accuracy.images }, null, 2),
    contentType: 'application/json',
  });
  if (overlays === 0) return;
  const detections = JSON.parse(await readFile(accuracy.detectionsFile, 'utf8')) as CocoDetection[];
  const categories = dataset.groundTruth.categories.map((c) => ({ id: c.id, name: c.name }));
  for (const image of dataset.images.slice(0, overlays)) {
    const png = await renderDetectionOverlay({
      image: image.path,
      groundTruth: dataset.groundTruth.annotations.filter((a) => a.image_id === image.id),
      predictions: detections.filter((d) => d.image_id === image.id),
      categories,
    });
    await context.attach(`overlay: golden image ${image.id} (ground truth vs predictions)`, { body: png, contentType: 'image/png' });
  }
}

/** Latency histogram with the budget line, the raw statistics and, when sampled, the power trace. */
export async function attachLatency(
  context: CheckContext,
  check: string,
  latency: LatencyMeasurement,
  model: string,
  budgets: { p99MaxMs?: number; powerMaxW?: number },
): Promise<void> {
  await context.attach('latency.json', { body: JSON.stringify({ stats: latency.stats, power: latency.power }, null, 2), contentType: 'application/json' });
  if (check === 'p99' || check === 'fps' || check === 'latency-regression') {
    const png = await renderLatencyHistogram({
      samplesMs: latency.samplesMs,
      stats: latency.stats,
      title: `${model}: single-stream latency (n = ${latency.stats.n})`,
      budgetP99Ms: budgets.p99MaxMs ?? null,
    });
    await context.attach('latency histogram', { body: png, contentType: 'image/png' });
  }
  if (check === 'power' && latency.powerTrace && latency.powerTrace.samples.length > 1 && latency.power) {
    const png = await renderPowerTrace({
      samples: latency.powerTrace.samples,
      window: latency.powerTrace.window,
      rail: latency.power.source,
      title: `${model}: ${latency.power.source} over the measurement window`,
      budgetW: budgets.powerMaxW ?? null,
      meanW: latency.power.meanW,
    });
    await context.attach('power trace', { body: png, contentType: 'image/png' });
  }
}

/**
 * The per-layer kernel utilisation of a pruned model (the seed's Figure 3), when its manifest
 * entry names the pruning report (`provenance.utilisation`, relative to the manifest).
 */
export async function attachKernelUtilisation(context: CheckContext, model: { provenance?: Record<string, unknown>; manifestPath: string; name: string }): Promise<void> {
  const file = model.provenance?.utilisation;
  if (typeof file !== 'string') return;
  const absolute = path.resolve(path.dirname(model.manifestPath), file);
  const data = parseKernelUtilisation(JSON.parse(await readFile(absolute, 'utf8')) as unknown, absolute);
  await context.attach(`per-layer kernel utilisation of ${model.name} (Parsimonious Inference)`, {
    body: await renderKernelUtilisation(data),
    contentType: 'image/png',
  });
}
