import path from 'node:path';
import type { ResolvedHilConfig } from '../config/define-config.js';
import { loadManifest, type LoadedModelSpec } from '../config/load-manifest.js';
import { loadDeviceProfiles } from '../devices/load-profiles.js';
import { budgetsFor, type DeviceProfile } from '../devices/profile-schema.js';
import { ConfigError } from '../errors.js';
import { splitPrecision } from '../results/precision.js';
import { loadDataset, type LoadedDataset } from '../datasets/load-dataset.js';

/** Per-worker memo of what every check of a run reads: manifest (hash-checked), datasets, profiles. */
export class RunContext {
  readonly config: ResolvedHilConfig;
  #manifest: Promise<LoadedModelSpec[]> | undefined;
  readonly #datasets = new Map<string, Promise<LoadedDataset>>();
  #profiles: ReturnType<typeof loadDeviceProfiles> | undefined;

  constructor(config: ResolvedHilConfig) {
    this.config = config;
  }

  /** A manifest model, or a precision row of one (`vgg@int8`: the model, named so, at that precision). */
  async model(name: string): Promise<LoadedModelSpec> {
    this.#manifest ??= loadManifest(path.resolve(this.config.rootDir, this.config.manifest));
    const { model: base, precision } = splitPrecision(name);
    const model = (await this.#manifest).find((m) => m.name === base);
    if (!model) throw new ConfigError('HIL_UNKNOWN_MODEL', `${this.config.manifest}: no model named "${base}"`);
    // A precision row is its own model for every memo, record and report; only its engine differs.
    return precision ? { ...model, name, precision } : model;
  }

  dataset(dir: string): Promise<LoadedDataset> {
    let dataset = this.#datasets.get(dir);
    if (!dataset) {
      dataset = loadDataset(this.config.rootDir, dir);
      this.#datasets.set(dir, dataset);
    }
    return dataset;
  }

  profile(deviceType: string): DeviceProfile & { file: string } {
    this.#profiles ??= loadDeviceProfiles(path.resolve(this.config.rootDir, this.config.devicesDir), { shownDir: this.config.devicesDir });
    const profile = this.#profiles.get(deviceType);
    if (!profile) throw new ConfigError('HIL_UNKNOWN_DEVICE', `${this.config.devicesDir}: no profile for device type "${deviceType}"`);
    return profile;
  }
}

/** What every check of a model on a device starts from: the model, its dataset and the limits that apply. */
export interface CheckSubject {
  model: LoadedModelSpec;
  dataset: LoadedDataset;
  profile: DeviceProfile & { file: string };
  budgets: ReturnType<typeof budgetsFor>;
  /** The profile file, relative to the project, for verdict messages. */
  budgetSource: string;
}

export async function checkSubject(config: ResolvedHilConfig, input: { modelName: string; datasetDir: string; device: { deviceType: string; target: string } }): Promise<CheckSubject> {
  const context = runContextFor(config);
  const model = await context.model(input.modelName);
  const dataset = await context.dataset(input.datasetDir);
  const profile = context.profile(input.device.deviceType);
  return { model, dataset, profile, budgets: budgetsFor(profile.budgets, input.device.target), budgetSource: path.relative(config.rootDir, profile.file) };
}

const contexts = new WeakMap<ResolvedHilConfig, RunContext>();
export function runContextFor(config: ResolvedHilConfig): RunContext {
  let context = contexts.get(config);
  if (!context) {
    context = new RunContext(config);
    contexts.set(config, context);
  }
  return context;
}
