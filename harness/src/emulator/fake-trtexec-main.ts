#!/usr/bin/env node
/**
 * The emulated board's `trtexec`. There is no GPU here, so it stands in for one honestly: it
 * builds an "engine" (the ONNX model behind a header), runs the model with onnxruntime-node on the
 * host CPU (same session options as hil's agent), times every query itself, and prints the log
 * and performance summary of the board's TensorRT release (8.2 on a TX2, 8.5 on a Xavier NX, 10.3
 * on an Orin Nano) and writes `--exportTimes` in that release's format from those measured times. Results from it are labelled emulated by hil (the board is marked emulated).
 * Options it does not know fail like trtexec's, so hil's command lines are checked too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { resolveSessionConfig, toOrtOptions } from '../engine/ort-session.js';
import { readFakeEngine, writeFakeEngine } from './fake-trtexec-engine.js';
import { boardModelOrTx2 } from './board-models.js';
import { cudaDevices, tensorRtOf } from './board-model.js';
import { precisionsFor } from '../devices/probes/capabilities-parse.js';
import { readBoardState } from './board-state-file.js';
import { cppFloat, exportTimesJson, logPrefix, parsePercentiles, performanceReport, type QueryTrace } from './trtexec-format.js';
import { formatExportedOutput } from './trtexec-output-format.js';
import { roundArrayToHalf } from './precision-effects.js';
import { int8Model } from './fake-trtexec-int8.js';
import { loadInputFile, parseLoadInputs } from './fake-trtexec-inputs.js';

const STATE = readBoardState(process.env.HIL_EMU_STATE ?? '');
const MODEL = boardModelOrTx2(STATE.type);
const FIXED_QUERY_MS = STATE.gpuQueryMs ?? 0;
const RELEASE = tensorRtOf(MODEL, STATE);
const VERSION = RELEASE.version;
const OLD = RELEASE.dialect === 'pre-8.2';
const DIALECT = RELEASE.dialect === 'pre-8.2' ? '8.2' : RELEASE.dialect;
// TensorRT 8 added the version code to the banner; before it, trtexec printed only its name.
const TAG = OLD ? 'TensorRT.trtexec' : `TensorRT.trtexec [TensorRT v${RELEASE.code}]`;
const DEVICES = cudaDevices(MODEL);
// TensorRT 5's trtexec (modelled on its README, unconfirmed): no engine files by name, no
// --loadInputs/--exportOutput/--exportTimes (those came with 6.0's rewrite).
const VALUE_OPTIONS = new Set(OLD
  ? ['onnx', 'uff', 'deploy', 'model', 'output', 'batch', 'engine', 'saveEngine', 'iterations', 'avgRuns', 'percentile', 'workspace', 'calib', 'device']
  : ['onnx', 'saveEngine', 'loadEngine', 'shapes', 'warmUp', 'duration', 'iterations', 'avgRuns', 'exportTimes', 'exportOutput', 'loadInputs', 'calib', 'device', 'percentile']);
const FLAG_OPTIONS = new Set(OLD ? ['fp16', 'int8', 'verbose', 'help'] : ['fp16', 'int8', 'buildOnly', 'skipInference', 'explicitBatch', 'verbose', 'useSpinWait', 'noDataTransfers', 'help']);

const args = process.argv.slice(2);
const commandLine = `${process.env.HIL_EMU_TOOL_PATH ?? 'trtexec'} ${args.join(' ')}`.trim();
const log = (text: string, severity: 'I' | 'W' | 'E' = 'I') => process.stdout.write(`${logPrefix(new Date(), severity)}${text}\n`);

class Failed extends Error {}
function fail(message: string): never {
  throw new Failed(message);
}

function parseArgs(): { values: Map<string, string>; flags: Set<string> } {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (const arg of args) {
    if (arg === '-h') {
      flags.add('help');
      continue;
    }
    const m = /^--([A-Za-z0-9]+)(?:=(.*))?$/s.exec(arg);
    if (m && m[2] !== undefined && VALUE_OPTIONS.has(m[1]!)) values.set(m[1]!, m[2]);
    else if (m && m[2] === undefined && FLAG_OPTIONS.has(m[1]!)) flags.add(m[1]!);
    else fail(`Unknown option: ${arg}`);
  }
  return { values, flags };
}

function numberOption(values: Map<string, string>, name: string, fallback: number, min: number): number {
  const raw = values.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) fail(`Invalid value for --${name}: ${raw}`);
  return n;
}

/** `--shapes=image:1x3x300x300,other:1x4` as a map. */
function parseShapes(spec: string | undefined): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const part of (spec ?? '').split(',').filter(Boolean)) {
    const at = part.lastIndexOf(':');
    const dims = part.slice(at + 1).split('x').map(Number);
    if (at <= 0 || dims.some((d) => !Number.isInteger(d) || d < 1)) fail(`Invalid shape spec: ${part}`);
    out.set(part.slice(0, at), dims);
  }
  return out;
}

type Ort = typeof import('onnxruntime-node');

async function main(): Promise<void> {
  process.stdout.write(`&&&& RUNNING ${TAG} # ${commandLine}\n`);
  const { values, flags } = parseArgs();
  if (flags.has('help')) {
    // Every option this release takes, one per line as trtexec's usage lists them.
    const usage = [...[...VALUE_OPTIONS].map((o) => `  --${o}=<value>`), ...[...FLAG_OPTIONS].map((o) => `  --${o}`)];
    process.stdout.write(`=== Options ===\n${usage.join('\n')}\n(emulated trtexec of TensorRT ${VERSION}: hil's board emulator)\n`);
    return;
  }
  if (OLD) fail(`the emulator does not print TensorRT ${VERSION}'s report (no real sample of it): only --help`);
  const warmUpMs = numberOption(values, 'warmUp', 200, 0);
  const durationS = numberOption(values, 'duration', 3, 0);
  const iterations = Math.max(1, Math.round(numberOption(values, 'iterations', 10, 1)));
  const avgRuns = Math.max(1, Math.round(numberOption(values, 'avgRuns', 10, 1)));
  const percentiles = parsePercentiles(values.get('percentile'), DIALECT) ?? fail(`Invalid value for --percentile: ${values.get('percentile')}`);
  const onnxFile = values.get('onnx');
  const engineFile = values.get('loadEngine');
  if (!onnxFile && !engineFile) fail('Model missing or format not recognized');
  log('=== Model Options ===');
  log(`Format: ${onnxFile ? 'ONNX' : '*'}`);
  log(`Model: ${onnxFile ?? ''}`);
  log('=== Build Options ===');
  log(`Precision: FP32${flags.has('fp16') ? '+FP16' : ''}${flags.has('int8') ? '+INT8' : ''}`);
  if (values.has('calib')) log(`Calibration: ${values.get('calib')}`);
  log('=== Inference Options ===');
  log(`Iterations: ${iterations}`);
  log(`Duration: ${cppFloat(durationS)}s (+ ${cppFloat(warmUpMs)}ms warm up)`);
  log('=== Device Information ===');
  const gpu = DEVICES[numberOption(values, 'device', 0, 0)] ?? fail(`Cannot use device ${values.get('device')}: the board has ${DEVICES.length} CUDA device(s) (0-${DEVICES.length - 1})`);
  log(`Selected Device: ${gpu.name} (emulated by hil: ${FIXED_QUERY_MS > 0 ? `a fixed ${FIXED_QUERY_MS} ms per query, a timer` : 'onnxruntime-node on the host CPU'})`);
  log(`Compute Capability: ${gpu.computeCapability}`);
  log('');
  log(`TensorRT version: ${VERSION}`);

  const mod = (await import('onnxruntime-node')) as Ort & { default?: Ort };
  const ort = mod.default ?? mod;
  const sessionOptions = toOrtOptions(resolveSessionConfig());
  const started = performance.now();
  let session: InferenceSession;
  let onnx: Buffer;
  let engineShapes: string | null = null;
  let fp16 = flags.has('fp16');
  let int8: false | 'qdq' | 'calibrated' | 'dummy' = false;
  if (engineFile && !onnxFile) {
    const engine = readFakeEngine(engineFile);
    if ('error' in engine) {
      log(engine.error, 'E');
      fail('Engine deserialization failed');
    }
    onnx = engine.onnx;
    engineShapes = engine.header.shapes;
    fp16 = engine.header.fp16;
    int8 = engine.header.int8 ?? false;
    session = await ort.InferenceSession.create(onnx, sessionOptions);
    log(`Engine loaded in ${cppFloat((performance.now() - started) / 1000)} sec.`);
  } else {
    try {
      onnx = readFileSync(onnxFile!);
      if (flags.has('int8')) {
        if (!precisionsFor(gpu.computeCapability).includes('int8')) log('Int8 support requested on hardware without native Int8 support, performance will be negatively affected.', 'W');
        const built = int8Model(onnx, values.get('calib'), RELEASE.code);
        for (const line of built.log) log(line, 'W');
        onnx = Buffer.from(built.onnx);
        int8 = built.kind;
      }
      session = await ort.InferenceSession.create(onnx, sessionOptions);
    } catch (error) {
      if (error instanceof Failed) throw error;
      log(`Failed to parse onnx file: ${(error as Error).message}`, 'E');
      fail('Failed to create engine from model or file.');
    }
  }
  if (fp16) log('[emulated] FP16: the emulated GPU computes in FP32 on the host CPU and rounds every output to FP16', 'W');
  if (int8) log(`[emulated] INT8 (${int8}): activations entering Conv/Gemm/MatMul are quantized to int8 with ${int8 === 'qdq' ? "the model's own scales" : int8 === 'calibrated' ? "the calibration cache's scales" : 'placeholder scales (no usable calibration cache: accuracy is meaningless)'}`, 'W');

  const shapes = parseShapes(values.get('shapes') ?? engineShapes ?? undefined);
  if (engineShapes !== null && values.has('shapes') && values.get('shapes') !== engineShapes) fail(`Shapes ${values.get('shapes')} are outside the engine's optimization profile (${engineShapes})`);
  const inputs = session.inputMetadata.map((meta) => {
    const modelDims = meta.isTensor ? [...meta.shape] : [];
    const dynamic = modelDims.some((d) => typeof d !== 'number' || d < 0);
    const given = shapes.get(meta.name);
    if (given && !dynamic) fail('Static model does not take explicit shapes since the shape of inference tensors will be determined by the model itself');
    const dims = given ?? modelDims.map((d) => (typeof d === 'number' && d >= 0 ? d : 1));
    if (!given && dynamic) log(`Dynamic dimensions required for input: ${meta.name}, but no shapes were provided. Automatically overriding shape to: ${dims.join('x')}`, 'W');
    if (meta.isTensor && meta.type !== 'float32') fail(`input ${meta.name}: the emulated trtexec feeds float32 only, the model wants ${meta.type}`);
    return { name: meta.name, dims, host: Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => Math.random() * 2 - 1) };
  });
  if (onnxFile) {
    if (values.has('saveEngine')) writeFakeEngine(values.get('saveEngine')!, onnx, { tensorrt: VERSION, fp16, int8, shapes: values.get('shapes') ?? null });
    log(`Engine built in ${cppFloat((performance.now() - started) / 1000)} sec.`);
  }
  if (flags.has('skipInference') || flags.has('buildOnly')) {
    log('Skipped inference phase since --skipInference is added.');
    return;
  }
  const loaded = parseLoadInputs(values.get('loadInputs')) ?? fail(`Invalid input spec: ${values.get('loadInputs')}`);
  for (const i of inputs) {
    const file = loaded.get(i.name);
    const outcome = file === undefined ? { loaded: false } : loadInputFile(i.host, file, VERSION);
    if ('error' in outcome) fail(outcome.error);
    if (outcome.loaded) log(`Using values loaded from ${file} for input ${i.name}`);
    else log(`Using random values for input ${i.name}`);
    log(`Input binding for ${i.name} with dimensions ${i.dims.join('x')} is created.`);
  }
  for (const name of session.outputNames) log(`Output binding for ${name} is created.`);
  log('Starting inference');
  const trace = await timeQueries(ort, session, inputs, { warmUpMs, durationMs: durationS * 1000, iterations });
  for (const line of performanceReport(trace, { warmUpMs, avgRuns, percentiles, dialect: DIALECT })) log(line);
  const exportTimes = values.get('exportTimes');
  if (exportTimes) writeFileSync(exportTimes, exportTimesJson(trace, warmUpMs, DIALECT));
  const exportOutput = values.get('exportOutput');
  if (exportOutput) {
    // The last inference's outputs: every query saw the same inputs, so one more run gives them
    // (also on a fixed-speed board, whose timed queries are timers).
    const feeds: Record<string, Tensor> = {};
    for (const i of inputs) feeds[i.name] = new ort.Tensor('float32', new Float32Array(i.host), i.dims);
    const outputs = await session.run(feeds);
    const exported = session.outputNames.map((name) => {
      const t = outputs[name] as Tensor;
      const data = Float32Array.from(t.data as Float32Array);
      return { name, dims: [...t.dims], values: fp16 ? roundArrayToHalf(data) : data };
    });
    writeFileSync(exportOutput, formatExportedOutput(exported));
    log(`Output tensors were written to ${exportOutput}`);
  }
}

/**
 * Queries one at a time until the warm-up has passed and both the duration and the iteration
 * count hold. "H2D" is copying the host input into the tensor the runtime reads, "compute" is
 * session.run, "D2H" copying the outputs out: each really measured, on the host CPU.
 */
async function timeQueries(ort: Ort, session: InferenceSession, inputs: Array<{ name: string; dims: number[]; host: Float32Array }>, limits: { warmUpMs: number; durationMs: number; iterations: number }): Promise<QueryTrace[]> {
  const trace: QueryTrace[] = [];
  const t0 = performance.now();
  const rel = () => performance.now() - t0;
  let timed = 0;
  for (;;) {
    const h2dStart = rel();
    const feeds: Record<string, Tensor> = {};
    for (const i of inputs) feeds[i.name] = new ort.Tensor('float32', new Float32Array(i.host), i.dims);
    const h2dEnd = rel();
    const computeStart = rel();
    // A fixed-speed GPU (state gpuQueryMs) waits on the board's clock instead of computing.
    const outputs = FIXED_QUERY_MS > 0 ? await new Promise<Record<string, never>>((r) => setTimeout(() => r({}), FIXED_QUERY_MS)) : await session.run(feeds);
    const computeEnd = rel();
    const d2hStart = rel();
    for (const value of Object.values(outputs) as Tensor[]) (value.data as Float32Array).slice();
    const d2hEnd = rel();
    // A synchronous runtime's enqueue returns when the work is done.
    trace.push({ enqStart: h2dStart, enqEnd: computeEnd, h2dStart, h2dEnd, computeStart, computeEnd, d2hStart, d2hEnd });
    if (computeStart >= limits.warmUpMs) timed += 1;
    if (timed >= limits.iterations && d2hEnd >= limits.warmUpMs + limits.durationMs) return trace;
  }
}


main().then(
  () => process.stdout.write(`&&&& PASSED ${TAG} # ${commandLine}\n`),
  (error: unknown) => {
    log(error instanceof Failed ? error.message : String((error as Error)?.stack ?? error), 'E');
    process.stdout.write(`&&&& FAILED ${TAG} # ${commandLine}\n`);
    process.exitCode = 1;
  },
);
