import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedHilConfig } from '../config/define-config.js';
import { closestKey } from '../config/closest-key.js';
import { loadManifest, type LoadedModelSpec } from '../config/load-manifest.js';
import type { LoadedSuite } from '../config/load-suite.js';
import { DEFAULT_LEASE_WAIT_S } from '../devices/farm-schema.js';
import { loadFarm } from '../devices/load-farm.js';
import { loadDeviceProfiles } from '../devices/load-profiles.js';
import { resolveDevice } from '../devices/resolve-device.js';
import type { DeviceProfile } from '../devices/profile-schema.js';
import { ConfigError, ConfigIssuesError, type ConfigIssue } from '../errors.js';
import { assertInputShape } from '../onnx/check-input-shape.js';
import { loadDataset } from '../datasets/load-dataset.js';

/**
 * Everything a run needs, checked before any board is leased: a typo in a model name, a corrupt
 * ONNX file or a bad annotation is exit 3 with one message, never a half-run or a broken board.
 */
export async function validateRunInputs(input: {
  config: ResolvedHilConfig;
  suite: LoadedSuite;
  devices: string[];
  models: string[];
  farmFile: string;
}): Promise<{ boardsPerDevice: number[]; profiles: Array<DeviceProfile & { file: string }>; manifest: LoadedModelSpec[]; leaseWaitS: number }> {
  const { config, suite } = input;
  const profiles = loadDeviceProfiles(path.resolve(config.rootDir, config.devicesDir), { shownDir: config.devicesDir });
  const needsFarm = input.devices.some((d) => d !== 'local');
  const farm = needsFarm && existsSync(input.farmFile) ? loadFarm(input.farmFile, profiles) : null;
  const resolved = input.devices.map((device) => resolveDevice(device, farm, profiles));
  const boardsPerDevice = resolved.map((r) => r.boards.length);

  const manifestPath = path.resolve(config.rootDir, config.manifest);
  const manifest = await loadManifest(manifestPath);
  const known = manifest.map((m) => m.name);
  const issues: ConfigIssue[] = [];
  suite.models.forEach((name, index) => {
    if (!known.includes(name)) issues.push({ file: suite.file, path: `models[${index}]`, message: unknownModel(name, known, config.manifest) });
  });
  for (const name of Object.keys(suite.tolerances)) {
    if (!suite.models.includes(name)) issues.push({ file: suite.file, path: `tolerances.${name}`, message: `"${name}" is not one of the suite's models (${suite.models.join(', ')})` });
  }
  for (const [name, precisions] of Object.entries(suite.precisions)) {
    if (!suite.models.includes(name)) issues.push({ file: suite.file, path: `precisions.${name}`, message: `"${name}" is not one of the suite's models (${suite.models.join(', ')})` });
    if (new Set(precisions).size !== precisions.length) issues.push({ file: suite.file, path: `precisions.${name}`, message: `lists a precision twice: ${precisions.join(', ')}` });
  }
  // Green means decided: measuring a model's accuracy with no tolerance to hold it to decides nothing.
  if (!suite.stream && suite.scenarios.accuracy) {
    for (const name of suite.models) {
      const t = suite.tolerances[name];
      if (t?.mapMin === undefined && t?.map50Min === undefined) {
        issues.push({ file: suite.file, path: `tolerances.${name}`, message: 'accuracy is measured but nothing decides it: set map50Min (AP@.5) or mapMin (AP@[.5:.95]), or turn scenarios.accuracy off' });
      }
    }
  }
  if (issues.length > 0) throw new ConfigIssuesError(issues);
  for (const name of input.models) {
    if (!suite.models.includes(name)) {
      throw new ConfigError('HIL_UNKNOWN_MODEL', `--model ${name}: not in suite "${suite.name}" (${suite.file}); ${unknownModel(name, suite.models, suite.file)}`);
    }
  }
  const chosen = input.models.length > 0 ? input.models : suite.models;
  for (const model of manifest.filter((m) => chosen.includes(m.name))) {
    const index = manifest.indexOf(model);
    await assertInputShape(model.filePath, model.input.shape, {
      inputName: model.input.name,
      source: { file: config.manifest, path: `models[${index}].input.shape` },
    });
  }
  await loadDataset(config.rootDir, suite.dataset);
  return { boardsPerDevice, profiles: resolved.map((r) => profiles.get(r.profile.name)!), manifest, leaseWaitS: farm?.leaseWaitS ?? DEFAULT_LEASE_WAIT_S };
}

function unknownModel(name: string, known: string[], where: string): string {
  const suggestion = closestKey(name, known);
  return `unknown model "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; known in ${where}: ${known.join(', ')}`;
}
