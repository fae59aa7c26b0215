/**
 * Per-layer kernel utilisation of a pruned model (the seed's Figure 3): for each conv layer, the
 * share of kernels kept by pruning and, where recorded, the mean utilisation of its kernels.
 * Input is the JSON next to a model in golden/models (`*-utilisation.json`).
 */
import { z } from 'zod';
import { ConfigIssuesError } from '../../errors.js';
import { zodIssuesToConfigIssues } from '../../config/zod-issues.js';
import { drawAxes, legend, type LegendEntry } from './axes.js';
import { COLORS, rect, svgDocument, svgToPng, text } from './svg.js';

const layerSchema = z
  .object({
    name: z.string().min(1),
    kernels: z.number().int().positive(),
    kept: z.number().int().nonnegative().optional(),
    /** Per-kernel utilisation in [0, 1] (share of inputs where the kernel was active). */
    utilisation: z.array(z.number().min(0).max(1)).optional(),
    meanUtilisation: z.number().min(0).max(1).optional(),
  })
  .refine((l) => l.kept === undefined || l.kept <= l.kernels, { message: 'kept must be <= kernels', path: ['kept'] })
  .refine((l) => l.kept !== undefined || l.utilisation !== undefined || l.meanUtilisation !== undefined, {
    message: 'give kept, utilisation or meanUtilisation',
  });

// Other keys of the pruning report (method, penalty, AP figures) are allowed and ignored.
export const kernelUtilisationSchema = z.object({
  model: z.string().optional(),
  /** Kernels whose utilisation was below this share were pruned. */
  threshold: z.number().min(0).max(1).optional(),
  /** Pruned MACs ÷ baseline MACs. */
  macRatio: z.number().positive().optional(),
  layers: z.array(layerSchema).min(1),
});

export type KernelUtilisation = z.infer<typeof kernelUtilisationSchema>;

/** Validates the utilisation JSON; problems are reported as `file: layers[3].kept: message`. */
export function parseKernelUtilisation(data: unknown, file: string): KernelUtilisation {
  const parsed = kernelUtilisationSchema.safeParse(data);
  if (!parsed.success) throw new ConfigIssuesError(zodIssuesToConfigIssues(file, kernelUtilisationSchema, data, parsed.error));
  return parsed.data;
}

interface LayerBar {
  name: string;
  kept: number | null;
  mean: number | null;
  label: string;
}

function toBars(data: KernelUtilisation): LayerBar[] {
  return data.layers.map((l) => {
    const mean = l.meanUtilisation ?? (l.utilisation?.length ? l.utilisation.reduce((a, b) => a + b, 0) / l.utilisation.length : null);
    return {
      name: l.name,
      kept: l.kept === undefined ? null : l.kept / l.kernels,
      mean,
      label: l.kept === undefined ? `${l.kernels}` : `${l.kept}/${l.kernels}`,
    };
  });
}

export interface KernelUtilisationPlotOptions {
  title?: string;
  width?: number;
  height?: number;
}

export function kernelUtilisationSvg(data: KernelUtilisation, options: KernelUtilisationPlotOptions = {}): string {
  const bars = toBars(data);
  const height = options.height ?? 460;
  const totalKernels = data.layers.reduce((a, l) => a + l.kernels, 0);
  const totalKept = data.layers.reduce((a, l) => a + (l.kept ?? l.kernels), 0);
  const hasKept = bars.some((b) => b.kept !== null);
  const hasMean = bars.some((b) => b.mean !== null);
  const subtitle = [
    hasKept
      ? `${totalKept} of ${totalKernels} kernels kept (${((100 * totalKept) / totalKernels).toFixed(1)}%) over ${bars.length} layers`
      : `${totalKernels} kernels over ${bars.length} layers`,
    data.threshold !== undefined ? `pruned below ${(100 * data.threshold).toFixed(1)}% utilisation` : '',
    data.macRatio !== undefined ? `MACs ${(100 * data.macRatio).toFixed(1)}% of baseline` : '',
  ]
    .filter(Boolean)
    .join(', ');
  // Wide enough for one bar pair per layer and for the subtitle (about 6.7 px per character).
  const width = options.width ?? Math.max(640, 110 + bars.length * 46, 100 + subtitle.length * 6.7);
  // Room under the plot for rotated layer names.
  const longest = Math.max(...bars.map((b) => b.name.length));
  const extraBottom = Math.min(140, longest * 5.5);
  const axes = drawAxes({
    width,
    height: height + extraBottom,
    title: options.title ?? `Kernel utilisation per layer${data.model ? `: ${data.model}` : ''}`,
    subtitle,
    xLabel: '',
    yLabel: 'percent',
    xRange: [0, bars.length],
    yRange: [0, 100],
    yFromZero: true,
    hideXTicks: true,
  });
  const body = [...axes.svg];
  const { area } = axes;
  const slot = area.width / bars.length;
  const barW = Math.min(28, slot * (hasKept && hasMean ? 0.38 : 0.7));
  bars.forEach((b, i) => {
    const cx = area.left + slot * (i + 0.5);
    const bottom = area.top + area.height;
    let x = hasKept && hasMean ? cx - barW - 1 : cx - barW / 2;
    if (b.kept !== null) {
      body.push(rect(x, axes.y(100 * b.kept), barW, bottom - axes.y(100 * b.kept), COLORS.primary));
      x += barW + 2;
    }
    if (b.mean !== null) body.push(rect(x, axes.y(100 * b.mean), barW, bottom - axes.y(100 * b.mean), COLORS.secondary));
    const top = Math.min(axes.y(100 * (b.kept ?? 0)), axes.y(100 * (b.mean ?? 0)));
    body.push(text({ x: cx, y: top - 4, text: b.label, size: 9, anchor: 'middle', color: COLORS.muted }));
    body.push(text({ x: cx + 3, y: bottom + 12, text: b.name, size: 10, anchor: 'end', rotate: -45 }));
  });
  const entries: LegendEntry[] = [];
  if (hasKept) entries.push({ label: 'kernels kept after pruning (% of layer)', color: COLORS.primary, box: true });
  if (hasMean) entries.push({ label: 'mean kernel utilisation (% of inputs)', color: COLORS.secondary, box: true });
  body.push(...legend(area, entries));
  return svgDocument(width, height + extraBottom, body);
}

export async function renderKernelUtilisation(data: KernelUtilisation, options?: KernelUtilisationPlotOptions): Promise<Buffer> {
  return svgToPng(kernelUtilisationSvg(data, options));
}
