/**
 * Checks a job file before anything is loaded, and reports every problem at once as
 * `file: path: message` (a ConfigIssuesError, exit 3). Hand-written rather than zod so that the
 * agent needs nothing on a board beyond onnxruntime-node.
 */
import { ConfigIssuesError, type ConfigIssue } from '../errors.js';
import { JOB_FORMAT, type AgentJob } from '../engine/job.js';

const FORMATS = ['decoded-softmax', 'ssd-raw', 'caffe-detection-output', 'post-nms', 'yolo-region'];
const SCENARIOS = ['single-stream', 'throughput', 'accuracy', 'stream', 'compare'];
const NUMERIC_PARAMS = ['warmup', 'minQueries', 'minDurationMs', 'maxDurationMs', 'maxQueries', 'sampleCount', 'batchSize', 'minImages', 'cameraFps', 'slots', 'maxFrames', 'streams', 'blocks', 'blockQueries'];
const POLICIES = ['latest', 'fifo'];

export function validateJob(raw: unknown, file: string): AgentJob {
  const issues: ConfigIssue[] = [];
  const add = (path: string, message: string): void => void issues.push({ file, path, message });
  const job = isObject(raw) ? raw : {};
  if (!isObject(raw)) add('', `expected a JSON object, got ${typeName(raw)}`);
  if (job.format !== JOB_FORMAT) add('format', `expected "${JOB_FORMAT}", got ${JSON.stringify(job.format)}`);
  if (typeof job.modelPath !== 'string' || job.modelPath === '') add('modelPath', 'expected the path of an ONNX file');
  const spec = isObject(job.spec) ? job.spec : undefined;
  if (!spec) add('spec', 'expected the model spec (input, output, nms)');
  else {
    const input = isObject(spec.input) ? spec.input : undefined;
    if (!input) add('spec.input', 'expected an object');
    else {
      if (typeof input.name !== 'string') add('spec.input.name', 'expected the ONNX input name');
      if (!Array.isArray(input.shape) || input.shape.length !== 4 || !input.shape.every((d) => typeof d === 'number')) {
        add('spec.input.shape', `expected [N, C, H, W] numbers, got ${JSON.stringify(input.shape)}`);
      }
    }
    const output = isObject(spec.output) ? spec.output : undefined;
    if (!output || !FORMATS.includes(String(output.format))) {
      add('spec.output.format', `expected one of ${FORMATS.join(', ')}, got ${JSON.stringify(output?.format)}`);
    }
    const nms = isObject(spec.nms) ? spec.nms : undefined;
    for (const k of ['iouThreshold', 'topKBefore', 'keepTopK', 'confidenceThreshold']) {
      if (typeof nms?.[k] !== 'number') add(`spec.nms.${k}`, 'expected a number');
    }
  }
  const hasTensors = typeof job.tensors === 'string';
  const hasImages = Array.isArray(job.images);
  const streamOnly = Array.isArray(job.scenarios) && job.scenarios.length > 0 && job.scenarios.every((s) => isObject(s) && s.scenario === 'stream');
  if (hasTensors && hasImages) add('tensors', 'give exactly one of `tensors` (prepared tensor header) or `images`');
  else if (!hasTensors && !hasImages && !streamOnly) add('tensors', 'give exactly one of `tensors` (prepared tensor header) or `images`');
  if (hasImages) {
    (job.images as unknown[]).forEach((img, i) => {
      if (!isObject(img) || typeof img.id !== 'number' || typeof img.path !== 'string') add(`images.${i}`, 'expected { id: number, path: string }');
    });
  }
  if (!Array.isArray(job.scenarios) || job.scenarios.length === 0) add('scenarios', 'expected a non-empty list');
  else {
    job.scenarios.forEach((s, i) => {
      if (!isObject(s) || !SCENARIOS.includes(String(s.scenario))) {
        add(`scenarios.${i}.scenario`, `expected one of ${SCENARIOS.join(', ')}, got ${JSON.stringify(isObject(s) ? s.scenario : s)}`);
        return;
      }
      if (s.scenario === 'stream') {
        if (typeof s.frames !== 'string' || s.frames === '') add(`scenarios.${i}.frames`, 'expected the path of a raw frame file (hil-frames/1)');
        if (s.policy !== undefined && !POLICIES.includes(String(s.policy))) add(`scenarios.${i}.policy`, `expected one of ${POLICIES.join(', ')}, got ${JSON.stringify(s.policy)}`);
      }
      if (s.scenario === 'compare') {
        const other = isObject(s.other) ? s.other : undefined;
        if (typeof other?.modelPath !== 'string' || other.modelPath === '') add(`scenarios.${i}.other.modelPath`, 'expected the path of the other ONNX file');
        if (!isObject(other?.spec) || !isObject(other.spec.input)) add(`scenarios.${i}.other.spec`, "expected the other model's spec (input, output, nms)");
        if (other?.tensors !== undefined && typeof other.tensors !== 'string') add(`scenarios.${i}.other.tensors`, 'expected the path of a prepared tensors header');
      }
      for (const k of NUMERIC_PARAMS) {
        if (s[k] !== undefined && !(typeof s[k] === 'number' && s[k] >= 0)) add(`scenarios.${i}.${k}`, `expected a number >= 0, got ${JSON.stringify(s[k])}`);
      }
    });
  }
  if (job.session !== undefined && !isObject(job.session)) add('session', 'expected session options as an object');
  if (issues.length > 0) throw new ConfigIssuesError(issues);
  return raw as AgentJob;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}
