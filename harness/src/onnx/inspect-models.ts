/** `hil models inspect` as a plain function: resolve NAME|FILE (or the whole manifest), inspect each. */
import { inspectModelFile, type ModelInspection } from './inspect-model.js';
import { resolveModelTargets } from './resolve-model-targets.js';

export interface InspectModelsOptions {
  /** Manifest for NAME look-ups and for "every model". */
  manifest: string;
}

export async function inspectModels(argument: string | undefined, options: InspectModelsOptions): Promise<ModelInspection[]> {
  const targets = await resolveModelTargets(argument, options.manifest);
  const inspections: ModelInspection[] = [];
  // One at a time: a big model decoded in memory is enough.
  for (const target of targets) inspections.push(await inspectModelFile(target.file, target.name));
  return inspections;
}
