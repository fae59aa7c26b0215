/**
 * Public API of hil's inference layer: preprocessing, prepared tensors, output adapters, NMS,
 * runners and scenarios. Suites and the SSH agent import from here.
 */
export type { ColorOrder, ResizeMode, InputSpec, OutputSpec, PriorBoxLayer, PriorBoxSpec, NmsSpec, ModelSpec, CocoDetection } from './model-spec.js';
export { DEFAULT_NMS } from './model-spec.js';
export type { ImageMeta } from './image-meta.js';
export { toOriginalBbox, identityMeta } from './image-meta.js';
export type { TensorLike, OutputMap } from './tensor-like.js';
export { preprocessImage, hwcToChw, type ImageSource, type PreprocessedImage } from './preprocess.js';
export { prepareTensors, clearTensorCache, tensorKey, type ImageRef, type PrepareOptions } from './tensor-cache.js';
export {
  loadPreparedTensors,
  savePreparedTensors,
  imageTensor,
  imageSize,
  TENSOR_FILE_FORMAT,
  type PreparedTensors,
} from './prepared-tensors.js';
export { nmsPerClass, iou, type NmsInput, type NmsDetection } from './nms.js';
export { decodeOutputs, outputNamesOf, type DecodeSpec } from './adapters/decode-outputs.js';
export type { DecodeOptions } from './adapters/to-coco.js';
export { generatePriorBoxes, expandAspectRatios, priorsPerCell } from './adapters/prior-boxes.js';
export { decodeCenterSize, softmaxRows } from './adapters/box-decoding.js';
export { categoryIdFor } from './adapters/class-mapping.js';
export { createRunner, type Runner, type RunnerOptions, type RunOptions, type RunnerProgress } from './runner.js';
export { runSingleStream, runThroughput, runAccuracy } from './scenarios.js';
export { computeLatencyStats, nearestRank, medianCiRanks } from '../metrics/latency-stats.js';
export type {
  AgentJob,
  AgentResult,
  AgentModelSpec,
  SessionConfig,
  ScenarioParams,
  ScenarioResult,
  SingleStreamParams,
  SingleStreamResult,
  ThroughputParams,
  ThroughputResult,
  AccuracyParams,
  AccuracyResult,
  RunnerEnvironment,
  TimeWindow,
} from '../agent/job.js';
export { JOB_FORMAT, RESULT_FORMAT } from '../agent/job.js';
export { runJob } from '../agent/run-job.js';
export { validateJob } from '../agent/validate-job.js';
export { agentScriptPath } from '../agent/agent-paths.js';
export { resolveSessionConfig, toOrtOptions } from '../agent/ort-session.js';
export { SINGLE_STREAM_DEFAULTS } from '../agent/single-stream.js';
export { THROUGHPUT_DEFAULTS } from '../agent/throughput.js';
