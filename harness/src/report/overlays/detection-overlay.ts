/**
 * Detection overlays for the report: ground truth and predictions drawn over a golden image in two
 * colours, with class and score labels and a legend strip below the image. Boxes are COCO
 * `[x, y, w, h]` in the image's own pixels (what the output adapters and annotations use).
 */
import sharp from 'sharp';
import type { CocoDetection } from '../../inference/model-spec.js';
import { escapeXml, FONT } from '../plots/svg.js';

export interface GroundTruthBox {
  bbox: [number, number, number, number];
  category_id: number;
}

export interface DetectionOverlayInput {
  /** Encoded image bytes (JPEG/PNG) or a file path. */
  image: Buffer | string;
  groundTruth: readonly GroundTruthBox[];
  predictions: readonly Pick<CocoDetection, 'bbox' | 'category_id' | 'score'>[];
  categories: readonly { id: number; name: string }[];
  /** Predictions below this score are not drawn (default 0.3). */
  scoreThreshold?: number;
  /** At most this many predictions, highest scores first (default 50). */
  maxPredictions?: number;
  /** Small golden images are upscaled to at least this width so labels stay readable (default 512). */
  minWidth?: number;
  /** Shown in the legend strip, e.g. `000012.jpg · ssd-lite-pruned`. */
  caption?: string;
}

const GT_COLOR = '#1fbf4a';
const PRED_COLOR = '#ff2d95';
const LEGEND_H = 30;

export async function renderDetectionOverlay(input: DetectionOverlayInput): Promise<Buffer> {
  const meta = await sharp(input.image).metadata();
  const srcW = meta.width;
  const srcH = meta.height;
  const scale = Math.max(1, (input.minWidth ?? 512) / srcW);
  const w = Math.round(srcW * scale);
  const h = Math.round(srcH * scale);
  const threshold = input.scoreThreshold ?? 0.3;
  const names = new Map(input.categories.map((c) => [c.id, c.name]));
  const name = (id: number) => names.get(id) ?? `class ${id}`;
  const shown = [...input.predictions]
    .filter((p) => p.score >= threshold)
    .sort((a, b) => b.score - a.score)
    .slice(0, input.maxPredictions ?? 50);

  const drawn = [
    ...input.groundTruth.map((g) => box(g.bbox, scale, w, h, GT_COLOR, name(g.category_id), 'above', '')),
    ...shown.map((p) => box(p.bbox, scale, w, h, PRED_COLOR, `${name(p.category_id)} ${p.score.toFixed(2)}`, 'below', '6 3')),
  ];
  // All boxes first, then all labels, so no box edge runs through a label.
  const svg = [...drawn.map((d) => d.outline), ...drawn.map((d) => d.label)];
  svg.push(`<rect x="0" y="${h}" width="${w}" height="${LEGEND_H}" fill="#ffffff"/>`);
  svg.push(legendItem(8, h + 19, GT_COLOR, '', `ground truth (${input.groundTruth.length})`));
  svg.push(legendItem(150, h + 19, PRED_COLOR, '6 3', `predictions ≥ ${threshold} (${shown.length})`));
  if (input.caption) {
    svg.push(`<text x="${w - 8}" y="${h + 19}" font-family="${FONT}" font-size="11" text-anchor="end" fill="#444">${escapeXml(input.caption)}</text>`);
  }
  const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h + LEGEND_H}">${svg.join('')}</svg>`);
  return sharp(input.image)
    .resize(w, h, { kernel: scale > 1 ? 'nearest' : 'lanczos3' })
    .extend({ bottom: LEGEND_H, background: '#ffffff' })
    .composite([{ input: overlay, top: 0, left: 0 }])
    .png()
    .toBuffer();
}

function box(
  bbox: readonly number[],
  scale: number,
  imgW: number,
  imgH: number,
  color: string,
  label: string,
  labelAt: 'above' | 'below',
  dash: string,
): { outline: string; label: string } {
  const [bx = 0, by = 0, bw = 0, bh = 0] = bbox;
  const x = bx * scale;
  const y = by * scale;
  const width = bw * scale;
  const height = bh * scale;
  const dashAttr = dash ? ` stroke-dasharray="${dash}"` : '';
  const labelW = label.length * 6.4 + 6;
  const labelH = 14;
  // Ground truth labels sit on the top edge, predictions on the bottom edge, so a correct
  // prediction (same box) never hides the ground truth's label.
  let ly = labelAt === 'above' ? y - labelH : y + height;
  ly = Math.min(Math.max(0, ly), imgH - labelH);
  const lx = Math.min(Math.max(0, x), Math.max(0, imgW - labelW));
  return {
    outline: `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${width.toFixed(1)}" height="${height.toFixed(1)}" fill="none" stroke="${color}" stroke-width="2"${dashAttr}/>`,
    label:
      `<rect x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" width="${labelW.toFixed(1)}" height="${labelH}" fill="${color}" fill-opacity="0.9"/>` +
      `<text x="${(lx + 3).toFixed(1)}" y="${(ly + 11).toFixed(1)}" font-family="${FONT}" font-size="11" fill="#ffffff">${escapeXml(label)}</text>`,
  };
}

function legendItem(x: number, y: number, color: string, dash: string, label: string): string {
  const dashAttr = dash ? ` stroke-dasharray="${dash}"` : '';
  return (
    `<rect x="${x}" y="${y - 10}" width="18" height="12" fill="none" stroke="${color}" stroke-width="2"${dashAttr}/>` +
    `<text x="${x + 24}" y="${y}" font-family="${FONT}" font-size="12" fill="#222">${escapeXml(label)}</text>`
  );
}
