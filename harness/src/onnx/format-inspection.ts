/** The human view of `hil models inspect`: one block per model, the heaviest layers as a table. */
import { formatDims } from './check-input-shape.js';
import type { ModelInspection, TensorDescription } from './inspect-model.js';

const TOP_LAYERS = 10;

function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatMacs(macs: number): string {
  if (macs >= 1e9) return `${(macs / 1e9).toFixed(3)} GMACs`;
  return macs >= 1e6 ? `${(macs / 1e6).toFixed(2)} MMACs` : `${(macs / 1e3).toFixed(2)} KMACs`;
}

function tensorLine(tensor: TensorDescription): string {
  return `${tensor.name}  ${tensor.dtype}  ${tensor.shape ? formatDims(tensor.shape) : '[?]'}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  // Numbers right-aligned (columns 2-3), names left-aligned.
  return rows.map((row) => row.map((cell, column) => (column === 2 || column === 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd());
}

export function formatInspection(model: ModelInspection): string {
  const { details } = model;
  const lines = [`${model.name}  (${model.file})`];
  const field = (label: string, value: string) => lines.push(`  ${label.padEnd(9)}${value}`);
  field('producer', `${details.producer || 'unknown'}, IR ${details.irVersion}, opset ${model.opset}`);
  field('size', `${model.sizeMB.toFixed(3)} MB${details.externalData ? ' (plus external data files)' : ''}`);
  field('params', thousands(model.params));
  field('nodes', thousands(model.nodes));
  if (model.macs !== null) field('MACs', `${formatMacs(model.macs)} (${thousands(model.macs)})`);
  else field('MACs', `unknown: ${details.unknownLayers} layer(s) without inferable shapes; known part ${formatMacs(details.knownMacs)}`);
  model.inputs.forEach((input, i) => field(i === 0 ? 'inputs' : '', tensorLine(input)));
  model.outputs.forEach((output, i) => field(i === 0 ? 'outputs' : '', tensorLine(output)));
  if (details.batchAssumed.length > 0) field('note', `symbolic batch of ${details.batchAssumed.join(', ')} counted as 1`);
  if (details.subgraphOps.length > 0) field('note', `MACs inside ${details.subgraphOps.join(', ')} subgraphs are not counted`);
  if (details.unknownOps.length > 0) field('note', `no shape rule for ${details.unknownOps.join(', ')}`);
  const total = details.knownMacs || 1;
  const top = [...model.layers].sort((a, b) => (b.macs ?? -1) - (a.macs ?? -1)).slice(0, TOP_LAYERS);
  if (top.length > 0) {
    lines.push(`  ${model.layers.length} MAC layers; top ${top.length} by MACs:`);
    const rows = [['layer', 'op', 'MACs', 'share', 'weight', 'output']];
    for (const layer of top) {
      rows.push([
        layer.name,
        layer.op,
        layer.macs === null ? '?' : thousands(layer.macs),
        layer.macs === null ? '' : `${((100 * layer.macs) / total).toFixed(1)}%`,
        layer.weightShape ? formatDims(layer.weightShape) : '?',
        layer.outputShape ? formatDims(layer.outputShape) : '?',
      ]);
    }
    lines.push(...table(rows).map((row) => `    ${row}`));
  }
  return lines.join('\n');
}

/** One line per model, for comparing a zoo at a glance (printed above the blocks when several are inspected). */
export function formatInspectionSummary(models: ModelInspection[]): string {
  const rows = [['model', 'MACs', 'params', 'nodes', 'size MB']];
  for (const model of models) {
    rows.push([model.name, model.macs === null ? 'unknown' : formatMacs(model.macs), thousands(model.params), thousands(model.nodes), model.sizeMB.toFixed(3)]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}
