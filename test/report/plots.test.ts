import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigIssuesError } from '../../harness/src/errors.js';
import { latencyHistogramSvg, renderLatencyHistogram } from '../../harness/src/report/plots/latency-histogram.js';
import { latencyTimelineSvg, renderLatencyTimeline } from '../../harness/src/report/plots/latency-timeline.js';
import { powerTraceSvg, renderPowerTrace } from '../../harness/src/report/plots/power-trace.js';
import {
  kernelUtilisationSvg,
  parseKernelUtilisation,
  renderKernelUtilisation,
} from '../../harness/src/report/plots/kernel-utilisation.js';
import { renderDetectionOverlay } from '../../harness/src/report/overlays/detection-overlay.js';

// Rendered plots are kept as test artifacts (git-ignored) so a person can look at them.
const ARTIFACTS = join(process.cwd(), 'test-results', 'report-plots');
mkdirSync(ARTIFACTS, { recursive: true });

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function latencySamples(n: number): number[] {
  const r = rng(7);
  // A main mode near 21 ms and a slow tail, like a GPU with occasional scheduling stalls.
  return Array.from({ length: n }, () => (r() < 0.95 ? 20 + 3 * (r() + r() + r() - 1.5) : 28 + 10 * r()));
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function pixel(png: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

describe('plots', () => {
  it('draws a latency histogram with median, p90, p99 and budget markers', async () => {
    const samples = latencySamples(2000);
    const sorted = [...samples].sort((a, b) => a - b);
    const stats = { n: samples.length, medianMs: quantile(sorted, 0.5), p90Ms: quantile(sorted, 0.9), p99Ms: quantile(sorted, 0.99) };
    const input = { samplesMs: samples, stats, title: 'ssd-lite-pruned on local/cpu', budgetP99Ms: 40 };
    const svg = latencyHistogramSvg(input);
    expect(svg).toContain(`median ${stats.medianMs.toFixed(1)} ms`);
    expect(svg).toContain(`p99 ${stats.p99Ms.toFixed(1)} ms`);
    expect(svg).toContain('p99 budget 40.0 ms');
    expect(svg).toContain('n = 2000');
    const png = await renderLatencyHistogram(input);
    writeFileSync(join(ARTIFACTS, 'latency-histogram.png'), png);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 820, 420]);
  });

  it('refuses to draw a histogram of nothing', () => {
    expect(() => latencyHistogramSvg({ samplesMs: [], stats: { n: 0, medianMs: 0, p90Ms: 0, p99Ms: 0 }, title: 'x' })).toThrow(ConfigError);
  });

  it('draws latency over time with the budget and dropped frames', async () => {
    const samples = latencySamples(600);
    const points = samples.map((latencyMs, i) => ({ tMs: i * 33.3, latencyMs }));
    const input = { points, title: 'stream: glass-to-glass latency', budgetMs: 35, droppedAtMs: [3000, 9000, 15010] };
    const svg = latencyTimelineSvg(input);
    expect(svg).toContain('dropped frames (3)');
    expect(svg).toContain('600 queries over 19.9 s');
    const png = await renderLatencyTimeline(input);
    writeFileSync(join(ARTIFACTS, 'latency-timeline.png'), png);
    expect((await sharp(png).metadata()).width).toBe(820);
  });

  it('draws a power trace with the window, the mean and the budget line', async () => {
    const r = rng(3);
    const samples = Array.from({ length: 120 }, (_, i) => {
      const tMs = i * 100;
      const busy = tMs >= 2000 && tMs <= 10000;
      return { tMs, watts: (busy ? 11.5 : 4.2) + r() * 1.2 };
    });
    const input = { samples, window: { startMs: 2000, endMs: 10000 }, rail: 'VDD_IN', title: 'power: ssd-lite on tx2-01', budgetW: 15, meanW: 12.1 };
    const svg = powerTraceSvg(input);
    expect(svg).toContain('rail VDD_IN, 120 samples, window 8.00 s, mean 12.1 W');
    expect(svg).toContain('budget 15.0 W');
    const png = await renderPowerTrace(input);
    writeFileSync(join(ARTIFACTS, 'power-trace.png'), png);
    expect((await sharp(png).metadata()).height).toBe(380);
  });

  it('draws per-layer kernel utilisation (kept share and mean utilisation)', async () => {
    const names = ['conv1_1', 'conv1_2', 'conv2_1', 'conv2_2', 'conv3_1', 'conv3_2', 'conv3_3', 'conv4_1', 'conv4_2', 'conv4_3', 'fc7', 'conv6_2'];
    const data = parseKernelUtilisation(
      {
        // The shape golden/train/prune_pi.py writes, extra keys included.
        model: 'vgg-ssd-pruned',
        method: 'Parsimonious Inference',
        threshold: 0.05,
        macRatio: 0.62,
        layers: names.map((name, i) => {
          const kernels = 64 * 2 ** Math.min(3, Math.floor(i / 3));
          const kept = Math.round(kernels * (0.95 - i * 0.05));
          const utilisation = Array.from({ length: kernels }, (_, k) => (k < kept ? 0.4 + ((k * 37) % 50) / 100 : 0.01));
          return { name, kernels, kept, meanUtilisation: utilisation.reduce((a, b) => a + b, 0) / kernels, utilisation };
        }),
      },
      'golden/models/vgg-ssd-pruned-utilisation.json',
    );
    const svg = kernelUtilisationSvg(data);
    expect(svg).toContain('conv4_3');
    expect(svg).toContain('kernels kept after pruning');
    expect(svg).toContain('mean kernel utilisation');
    expect(svg).toContain('1613 of 2880 kernels kept (56.0%) over 12 layers, pruned below 5.0% utilisation, MACs 62.0% of baseline');
    const png = await renderKernelUtilisation(data);
    writeFileSync(join(ARTIFACTS, 'kernel-utilisation.png'), png);
    expect((await sharp(png).metadata()).format).toBe('png');
  });

  it('reports a bad utilisation file with file and field', () => {
    const bad = { layers: [{ name: 'conv1', kernels: 64, kept: 80 }, { name: 'conv2', kernels: 0 }] };
    try {
      parseKernelUtilisation(bad, 'u.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigIssuesError);
      const message = (error as Error).message;
      expect(message).toContain('u.json: layers[0].kept: kept must be <= kernels');
      expect(message).toContain('u.json: layers[1].kernels');
    }
  });
});

describe('detection overlay', () => {
  it('draws ground truth and predictions in two colours with a legend', async () => {
    const scene = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#777"/>' +
        '<circle cx="80" cy="80" r="30" fill="#dd3"/><rect x="150" y="140" width="60" height="70" fill="#39c"/></svg>',
    );
    const image = await sharp(scene).jpeg().toBuffer();
    const png = await renderDetectionOverlay({
      image,
      groundTruth: [
        { bbox: [50, 50, 60, 60], category_id: 1 },
        { bbox: [150, 140, 60, 70], category_id: 2 },
      ],
      predictions: [
        { bbox: [54, 48, 58, 64], category_id: 1, score: 0.91 },
        { bbox: [148, 150, 64, 60], category_id: 3, score: 0.47 },
        { bbox: [10, 10, 20, 20], category_id: 2, score: 0.1 },
      ],
      categories: [
        { id: 1, name: 'circle' },
        { id: 2, name: 'square' },
        { id: 3, name: 'star' },
      ],
      caption: '000001.jpg · ssd-lite',
    });
    writeFileSync(join(ARTIFACTS, 'detection-overlay.png'), png);
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([512, 542]);
    // Upscaled 2x: the ground-truth box's left edge (x=50) is at 100 px, the prediction's
    // (x=54, dashed) at 108 px; sample the middle of each edge.
    const [gr, gg, gb] = await pixel(png, 100, 160);
    expect(gg).toBeGreaterThan(150);
    expect(gr).toBeLessThan(100);
    expect(gb).toBeLessThan(120);
    const [pr, pg] = await pixel(png, 108, 101);
    expect(pr).toBeGreaterThan(200);
    expect(pg).toBeLessThan(100);
  });
});
