/**
 * pycocotools `COCOeval.summarize` for bbox: the 12 `stats` and the familiar printed lines.
 * Each number is `np.mean(s[s > -1])` over a slice of precision or recall, taken in C order
 * (threshold, recall point, category), or -1 when nothing in the slice is defined.
 */
import type { CocoAccumulation } from './coco-eval-accumulate.js';
import { COCO_AREA_RANGES, COCO_IOU_THRESHOLDS, COCO_MAX_DETS, type CocoAreaLabel } from './coco-eval-params.js';
import { numpyMean } from './numpy-mean.js';
import { formatPythonFixed } from './python-format.js';

export interface CocoSummaryLine {
  kind: 'AP' | 'AR';
  /** null: averaged over .50:.95 */
  iouThreshold: number | null;
  area: CocoAreaLabel;
  maxDets: number;
  value: number;
}

/** The 12 settings of `_summarizeDets`, in pycocotools' order. */
export const COCO_SUMMARY_SETTINGS: readonly Omit<CocoSummaryLine, 'value'>[] = [
  { kind: 'AP', iouThreshold: null, area: 'all', maxDets: 100 },
  { kind: 'AP', iouThreshold: 0.5, area: 'all', maxDets: 100 },
  { kind: 'AP', iouThreshold: 0.75, area: 'all', maxDets: 100 },
  { kind: 'AP', iouThreshold: null, area: 'small', maxDets: 100 },
  { kind: 'AP', iouThreshold: null, area: 'medium', maxDets: 100 },
  { kind: 'AP', iouThreshold: null, area: 'large', maxDets: 100 },
  { kind: 'AR', iouThreshold: null, area: 'all', maxDets: 1 },
  { kind: 'AR', iouThreshold: null, area: 'all', maxDets: 10 },
  { kind: 'AR', iouThreshold: null, area: 'all', maxDets: 100 },
  { kind: 'AR', iouThreshold: null, area: 'small', maxDets: 100 },
  { kind: 'AR', iouThreshold: null, area: 'medium', maxDets: 100 },
  { kind: 'AR', iouThreshold: null, area: 'large', maxDets: 100 },
];

/** `np.where(iouThr == p.iouThrs)`: exact comparison, as pycocotools does. */
function thresholdIndices(iouThreshold: number | null): number[] {
  const all = COCO_IOU_THRESHOLDS.map((_, i) => i);
  return iouThreshold === null ? all : all.filter((i) => COCO_IOU_THRESHOLDS[i] === iouThreshold);
}

/**
 * Mean of the defined values of one setting, optionally for a subset of categories (per-category
 * AP passes one index). Returns -1 when none is defined.
 */
export function summarizeSetting(
  acc: CocoAccumulation,
  setting: Omit<CocoSummaryLine, 'value'>,
  categories?: readonly number[],
): number {
  const [, R, K, A, M] = acc.counts;
  const a = COCO_AREA_RANGES.findIndex((r) => r.label === setting.area);
  const m = COCO_MAX_DETS.indexOf(setting.maxDets);
  const ks = categories ?? Array.from({ length: K }, (_, k) => k);
  const values: number[] = [];
  for (const t of thresholdIndices(setting.iouThreshold)) {
    if (setting.kind === 'AP') {
      for (let r = 0; r < R; r += 1) {
        for (const k of ks) {
          const v = acc.precision[(((t * R + r) * K + k) * A + a) * M + m]!;
          if (v > -1) values.push(v);
        }
      }
    } else {
      for (const k of ks) {
        const v = acc.recall[((t * K + k) * A + a) * M + m]!;
        if (v > -1) values.push(v);
      }
    }
  }
  return values.length === 0 ? -1 : numpyMean(values);
}

/** `COCOeval.stats`: the 12 numbers in pycocotools' order. */
export function summarizeCoco(acc: CocoAccumulation): number[] {
  return COCO_SUMMARY_SETTINGS.map((s) => summarizeSetting(acc, s));
}

/** One line exactly as pycocotools prints it. */
export function formatSummaryLine(line: CocoSummaryLine): string {
  const title = (line.kind === 'AP' ? 'Average Precision' : 'Average Recall').padEnd(18);
  const iou =
    line.iouThreshold === null
      ? `${COCO_IOU_THRESHOLDS[0]!.toFixed(2)}:${COCO_IOU_THRESHOLDS[COCO_IOU_THRESHOLDS.length - 1]!.toFixed(2)}`
      : line.iouThreshold.toFixed(2);
  return ` ${title} (${line.kind}) @[ IoU=${iou.padEnd(9)} | area=${line.area.padStart(6)} | maxDets=${String(line.maxDets).padStart(3)} ] = ${formatPythonFixed(line.value, 3)}`;
}

/** The 12-line summary for `stats` (as returned by `summarizeCoco`). */
export function formatCocoSummary(stats: readonly number[]): string {
  return COCO_SUMMARY_SETTINGS.map((s, i) => formatSummaryLine({ ...s, value: stats[i]! })).join('\n');
}
