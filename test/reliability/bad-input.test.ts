/**
 * Reliability matrix, bad input: every case through the real `hil run`, each exit 3 with one
 * message naming the file and the field (no stack trace), and nothing written: the run is refused
 * before a run folder, Allure results or a lease exist.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHil, type TempProject } from '../support/temp-project.js';
import { reliabilityProject, SMALL_DATASET } from './reliability-project.js';

let project: TempProject;
const file = (relative: string) => path.join(project.dir, relative);
const read = (relative: string) => readFileSync(file(relative), 'utf8');
const FARM = 'farm.yaml';
const farmYaml = (key = 'id_board') => `boards:\n  - { name: tx2-01, type: jetson2, host: 127.0.0.1, port: 2222, user: nvidia, identityFile: ${key} }\n`;

beforeAll(() => {
  project = reliabilityProject({ config: '{}' });
  execFileSync('ssh-keygen', ['-t', 'ed25519', '-N', '', '-q', '-C', 'hil-test', '-f', file('id_board')]);
  writeFileSync(file(FARM), farmYaml());
});
afterAll(() => project?.cleanup());

type Edit = Record<string, (text: string) => string | Buffer>;
const annotations = (change: (a: { images: Array<Record<string, unknown>>; annotations: Array<Record<string, unknown>> }) => void) => (text: string) => {
  const doc = JSON.parse(text);
  change(doc);
  return JSON.stringify(doc);
};
const ANN = `${SMALL_DATASET}/annotations.json`;
const MANIFEST = 'golden/models/manifest.yaml';
const MODEL = 'golden/models/tiny-ssd.onnx';
const PROFILE = 'devices/jetson2.yaml';
const onFarm = ['--device', 'jetson2', '--farm', FARM];

/** The model replaced by `bytes`, and the manifest's sha256 made to match (so the model itself is judged). */
function replaceModel(bytes: (original: Buffer) => Buffer): Edit {
  const original = () => readFileSync(file(MODEL));
  let replaced: Buffer | undefined;
  return {
    [MODEL]: () => (replaced = bytes(original())),
    [MANIFEST]: (text) => text.replaceAll(/sha256: [0-9a-f]{64}/g, `sha256: ${createHash('sha256').update(replaced!).digest('hex')}`),
  };
}

const cases: Array<[string, Edit, string[], RegExp]> = [
  ['malformed YAML (manifest)', { [MANIFEST]: (t) => `${t}  - name: [unclosed\n` }, [], /golden\/models\/manifest\.yaml: YAML: /],
  ['malformed YAML (farm inventory)', { [FARM]: () => 'boards: [ {' }, onFarm, /farm\.yaml: not valid YAML: /],
  ['unknown key, closest suggested (manifest)', { [MANIFEST]: (t) => t.replace('classes:', 'clases:') }, [], /manifest\.yaml: models\[0\]\.clases: unknown key \(did you mean "classes"\?\)/],
  ['unknown key, closest suggested (farm)', { [FARM]: (t) => t.replace('identityFile', 'identityFle') }, onFarm, /farm\.yaml: boards\[0\]\.identityFle: unknown key \(did you mean "identityFile"\?\)/],
  ['unknown key, closest suggested (config)', { 'hil.config.js': () => 'export default { timeout: { measureMs: 5000 } };\n' }, [], /hil\.config\.js: timeout: unknown key \(did you mean "timeouts"\?\)/],
  ['unknown key, closest suggested (device profile)', { [PROFILE]: (t) => t.replace('budgets:', 'budget:') }, onFarm, /devices\/jetson2\.yaml: budget: unknown key \(did you mean "budgets"\?\)/],
  ['unknown device type', {}, ['--device', 'jetson3', '--farm', FARM], /unknown device or board "jetson3"; known types: .*jetson2.*; boards in .*farm\.yaml: tx2-01/],
  ['unknown board', {}, ['--device', 'tx2-99', '--farm', FARM], /unknown device or board "tx2-99"/],
  ['workdir that is the root folder', { [FARM]: (t) => t.replace(' }', ', workdir: / }') }, onFarm, /farm\.yaml: boards\[0\]\.workdir: "\/" is the root folder/],
  ['workdir that is the home folder', { [FARM]: (t) => t.replace(' }', ', workdir: "~" }') }, onFarm, /farm\.yaml: boards\[0\]\.workdir: "~" is the home folder itself/],
  ['workdir that is a system folder', { [FARM]: (t) => t.replace(' }', ', workdir: /usr/lib }') }, onFarm, /farm\.yaml: boards\[0\]\.workdir: "\/usr\/lib" is a system folder/],
  ['missing identity file', { [FARM]: () => farmYaml('id_missing') }, onFarm, /farm\.yaml: boards\[0\]\.identityFile: .*id_missing: identity file not found/],
  ['identity file that holds no private key', { [FARM]: () => farmYaml('id_board.pub') }, onFarm, /farm\.yaml: boards\[0\]\.identityFile: .*id_board\.pub: holds a public key, not a private key/],
  ['corrupt ONNX (not a model)', replaceModel(() => Buffer.from('definitely not protobuf\n')), [], /golden\/models\/tiny-ssd\.onnx: not a readable ONNX model: not a protobuf ModelProto/],
  ['truncated ONNX', replaceModel((m) => m.subarray(0, Math.floor(m.length / 2))), [], /golden\/models\/tiny-ssd\.onnx: not a readable ONNX model: the file is truncated or corrupt/],
  ['ONNX that does not match its manifest sha256', { [MODEL]: () => Buffer.from('tampered') }, [], /manifest\.yaml: models\[0\]\.sha256: does not match tiny-ssd\.onnx/],
  ['model input shape disagrees with its manifest', { [MANIFEST]: (t) => t.replaceAll('[-1, 3, 64, 64]', '[-1, 3, 32, 32]') }, [], /manifest\.yaml: models\[0\]\.input\.shape: model .*tiny-ssd\.onnx input 'image' has shape \[batch,3,64,64\] but expected \[-1,3,32,32\]/],
  ['box outside the image', { [ANN]: annotations((a) => void (a.annotations[0]!.bbox = [60, 60, 500, 10])) }, [], /annotations\.json: annotations\[0\]\.bbox: box \[60,60,500,10\] lies outside image/],
  ['negative box size', { [ANN]: annotations((a) => void (a.annotations[0]!.bbox = [1, 1, -5, 10])) }, [], /annotations\.json: annotations\[0\]\.bbox: width and height must be > 0/],
  ['unknown category id', { [ANN]: annotations((a) => void (a.annotations[0]!.category_id = 99)) }, [], /annotations\.json: annotations\[0\]\.category_id: unknown category id 99/],
  ['duplicate annotation id', { [ANN]: annotations((a) => void (a.annotations[1]!.id = a.annotations[0]!.id)) }, [], /annotations\.json: annotations\[1\]\.id: duplicate annotation id/],
  ['missing image file', { [ANN]: annotations((a) => void (a.images[0]!.file_name = 'nope.png')) }, [], /annotations\.json: images\[0\]\.file_name: image file not found: .*nope\.png/],
  ['empty dataset', { [ANN]: annotations((a) => ((a.images = []), (a.annotations = []))) }, [], /annotations\.json: images: empty: the dataset has no images/],
  ['impossible budget (negative FPS)', { [PROFILE]: (t) => t.replace('fpsMin: 14', 'fpsMin: -14') }, onFarm, /devices\/jetson2\.yaml: budgets\.fpsMin: .*-14/],
  ['impossible tolerance (mAP above 1)', { 'suites/detection.suite.yaml': (t) => t.replace('{ map50Min: 0 }', '{ mapMin: 1.5 }') }, [], /suites\/detection\.suite\.yaml: tolerances\.tiny-ssd\.mapMin: .*1\.5/],
  ['accuracy measured with nothing to decide it', { 'suites/detection.suite.yaml': (t) => t.replace('{ map50Min: 0 }', '{}') }, [], /suites\/detection\.suite\.yaml: tolerances\.tiny-ssd: accuracy is measured but nothing decides it/],
  ['a required check without a limit', { [PROFILE]: (t) => t.replace('powerMaxW: 15', ''), 'suites/detection.suite.yaml': (t) => t.replace('singleStream: false', 'singleStream: true') }, onFarm, /devices\/jetson2\.yaml: required\[0\]: power is required on jetson2 but can never be decided there: it has no limit \(devices\/jetson2\.yaml: budgets\.powerMaxW\)/],
];

describe('bad input: exit 3, one message naming file and field, nothing written', () => {
  it.each(cases)('%s', async (_name, edits, args, message) => {
    const saved = new Map(Object.keys(edits).map((f) => [f, readFileSync(file(f))]));
    try {
      // Models first: the manifest edit reads the replaced model.
      for (const f of Object.keys(edits).sort((a, b) => Number(b === MODEL) - Number(a === MODEL))) writeFileSync(file(f), edits[f]!(read(f)));
      const result = await runHil(project.dir, ['run', ...args]);
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toMatch(message);
      // One message: a single `hil:` line (a file's issues follow it, each `file: field: ...`).
      expect(result.stderr.match(/^hil: /gm)).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(file('reports')), 'nothing may be written for a refused run').toBe(false);
    } finally {
      for (const [f, bytes] of saved) writeFileSync(file(f), bytes);
    }
  });
});
