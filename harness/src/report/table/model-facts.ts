/**
 * Facts the comparison table needs beyond measurements: which baseline a model was derived from
 * (manifest `baseline`), its weights size and MACs (from the ONNX file itself). Read for the
 * measured models only; a model missing from the manifest, or a file that cannot be inspected,
 * keeps those cells "not measured" rather than failing the table.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { inspectOnnx } from '../../onnx/inspect-model.js';
import { isExplicitlyQuantized } from '../../onnx/expose-activations.js';
import { readOnnxFile } from '../../onnx/read-onnx.js';
import { PRECISION_LABEL, splitPrecision } from '../../results/precision.js';
import type { ModelFacts } from './comparison-table.js';

interface Entry {
  name: string;
  file?: string;
  baseline?: string;
}

export async function loadModelFacts(manifest: string, models: Iterable<string>): Promise<Record<string, ModelFacts>> {
  if (!existsSync(manifest)) return {};
  const entries = readEntries(parse(await readFile(manifest, 'utf8')) as unknown);
  const facts: Record<string, ModelFacts> = {};
  for (const name of new Set(models)) {
    // A precision row (`vgg@int8`) has its model's file facts and is compared with its FP32 row.
    const { model: base, precision } = splitPrecision(name);
    const entry = entries.find((e) => e.name === base);
    if (!entry) continue;
    const f: ModelFacts = {};
    if (precision) f.baseline = base;
    else if (entry.baseline) f.baseline = entry.baseline;
    if (entry.file) {
      const file = isAbsolute(entry.file) ? entry.file : join(dirname(manifest), entry.file);
      try {
        const onnx = await readOnnxFile(file);
        const inspection = inspectOnnx(onnx, name);
        f.weightsBytes = inspection.details.sizeBytes;
        if (inspection.macs !== null) f.macs = inspection.macs;
        f.params = inspection.params;
        f.nodes = inspection.nodes;
        f.precision = precision ? PRECISION_LABEL[precision] : isExplicitlyQuantized(onnx.model) ? 'INT8 (Q/DQ)' : 'FP32';
      } catch {
        // An unreadable model leaves its facts "not measured"; hil run reports the file itself.
      }
    }
    facts[name] = f;
  }
  return facts;
}

function readEntries(document: unknown): Entry[] {
  const models = Array.isArray(document) ? document : (document as { models?: unknown } | null)?.models;
  const list: unknown[] = Array.isArray(models)
    ? models
    : models && typeof models === 'object'
      ? Object.entries(models).map(([name, e]) => ({ name, ...(e as object) }))
      : [];
  return list.flatMap((raw) => {
    const e = raw as Partial<Entry> | null;
    if (typeof e?.name !== 'string') return [];
    return [{ name: e.name, file: typeof e.file === 'string' ? e.file : undefined, baseline: typeof e.baseline === 'string' ? e.baseline : undefined }];
  });
}
