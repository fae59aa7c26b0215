/**
 * Inference through TensorRT's trtexec, for accuracy: the host's preprocessed pictures go to the
 * board as raw FP32 NCHW batch files (deployed by content hash), their size is checked on the
 * board (TensorRT 7.1 ignores a missing file and 8.2 reads a file of the wrong size as it is, so
 * hil never trusts it to), then one trtexec run per batch loads the cached engine with
 * `--loadInputs` and writes `--exportOutput`; the outputs come back by SFTP.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Board } from '../devices/board.js';
import { deployFiles } from '../devices/deploy/deploy-cache.js';
import { retrySetup } from '../devices/retry.js';
import { InfrastructureError } from '../errors.js';
import { tail } from '../transport/transport-errors.js';
import { inferenceArgs } from './trtexec-command.js';
import { parseExportedOutput, type ExportedOutput } from './trtexec-export-output.js';
import { selectedDevice, type SelectedDevice } from './trtexec-parse.js';
import type { EnginePrecision, TrtexecEngine, TrtexecLimits, TrtexecModel, TrtexecRunner, TrtexecTool } from './trtexec-runner.js';

export interface InputBatch {
  /** Raw FP32 NCHW values of `batch` pictures (the last batch padded), on this host. */
  localFile: string;
}

export interface TrtexecInference {
  /** Per batch, trtexec's outputs in its binding order. */
  outputs: ExportedOutput[][];
  engine: TrtexecEngine;
  tool: TrtexecTool;
  /** The runs on the board's clock. */
  window: { startEpochMs: number; endEpochMs: number };
  command: string;
  /** The GPU trtexec said it selected (first run's `Selected Device`). */
  device?: SelectedDevice;
}

// Sizes of the uploaded inputs, as the board sees them.
const SIZES = `for f; do printf '%s %s\\n' "$(stat -L -c %s "$f" 2>/dev/null || echo missing)" "$f"; done`;

// One trtexec run per batch file: inputs, then `--`, then the arguments every run shares.
const INFER = `trt="$1"; out="$2"; name="$3"; shift 3
n=0; while [ "$1" != -- ]; do n=$((n+1)); eval "in_$n=\\$1"; shift; done; shift
mkdir -p "$out" || exit 1
s=$(date +%s%3N); i=1
while [ $i -le $n ]; do
  eval "f=\\$in_$i"
  "$trt" "$@" "--loadInputs=$name:$f" "--exportOutput=$out/$i.json" 2>&1 || { rc=$?; echo "hil-infer failed $i $rc $s $(date +%s%3N)"; exit 0; }
  i=$((i+1))
done
echo "hil-infer ok $n 0 $s $(date +%s%3N)"`;

export async function trtexecInfer(
  runner: TrtexecRunner,
  board: Board,
  model: TrtexecModel,
  batches: readonly InputBatch[],
  batch: number,
  limits: TrtexecLimits,
  precision?: EnginePrecision,
): Promise<TrtexecInference> {
  const engine = await runner.engine(model, batch, limits, precision);
  const tool = await runner.tool(limits);
  const { transport } = board;
  const setup = { timeoutMs: limits.setupTimeoutMs, signal: limits.signal, stage: 'deploy' };
  const deployed = await retrySetup('deploy', () => deployFiles(transport, batches.map((b) => b.localFile), setup), { signal: limits.signal });
  const remote = batches.map((b) => deployed.files.find((f) => f.localPath === b.localFile)!.remotePath);
  const [, c, h, w] = model.input.shape;
  const expected = batch * c * h * w * 4;
  const sizes = await transport.exec(['sh', '-c', SIZES, 'sh', ...remote], { stage: 'deploy', timeoutMs: limits.setupTimeoutMs, signal: limits.signal });
  for (const line of sizes.stdout.split('\n').filter(Boolean)) {
    const [size, file] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
    if (size !== String(expected)) {
      const local = batches[remote.indexOf(file)]?.localFile ?? file;
      throw new InfrastructureError(
        'HIL_TRTEXEC_INPUT_SIZE',
        `${board.name}: input file ${file} (from ${local}) has ${size === 'missing' ? 'no file' : `${size} bytes`}; input ${model.input.name} [${batch}x${c}x${h}x${w}] FP32 needs ${expected} bytes. not run (TensorRT ${tool.version ?? '7.x'} ${checksInputSize(tool.version) ? 'would refuse it too' : 'would read it as it is and give wrong outputs'})`,
        { where: board.name },
      );
    }
  }
  const outDir = path.posix.join(transport.workdir, 'trtexec', `infer-${randomUUID()}`);
  const args = inferenceArgs({ engine: engine.remotePath, shapes: engine.shapes, gpuId: runner.gpuId });
  try {
    const r = await transport.exec(['sh', '-c', INFER, 'sh', tool.path, outDir, model.input.name, ...remote, '--', ...args], { stage: 'measure', timeoutMs: limits.timeoutMs, signal: limits.signal });
    const status = /^hil-infer (ok|failed) (\d+) (\d+) (\d+) (\d+)$/m.exec(r.stdout);
    if (!status || status[1] !== 'ok') {
      const errors = r.stdout.split('\n').filter((l) => /\[E\]|&&&& FAILED/.test(l)).slice(-3).join(' | ');
      throw new InfrastructureError('HIL_TRTEXEC_FAILED', `measure on ${board.name}: trtexec inference of ${model.name}${status ? ` (batch ${status[2]} of ${batches.length})` : ''} failed: ${errors || tail(r.stderr || r.stdout, 3)}`, { where: board.name });
    }
    const local = await mkdtemp(path.join(os.tmpdir(), 'hil-trt-out-'));
    try {
      const outputs: ExportedOutput[][] = [];
      for (let i = 1; i <= batches.length; i += 1) {
        const file = path.join(local, `${i}.json`);
        await transport.getFile(path.posix.join(outDir, `${i}.json`), file, { stage: 'fetch', timeoutMs: limits.setupTimeoutMs, signal: limits.signal });
        outputs.push(parseExportedOutput(await readFile(file, 'utf8'), `${board.name}:${outDir}/${i}.json`));
      }
      const device = selectedDevice(r.stdout);
      return { outputs, engine, tool, window: { startEpochMs: Number(status[4]), endEpochMs: Number(status[5]) }, command: [tool.path, ...args, `--loadInputs=${model.input.name}:<batch>`, '--exportOutput=<file>'].join(' '), ...(device ? { device } : {}) };
    } finally {
      await rm(local, { recursive: true, force: true });
    }
  } finally {
    await transport.exec(['rm', '-rf', outDir], { stage: 'cleanup', timeoutMs: limits.setupTimeoutMs }).catch(() => undefined);
  }
}

/** TensorRT 8.5 and later refuse an input file of the wrong size; 7.x and 8.0-8.4 do not check. */
function checksInputSize(version: string | null): boolean {
  const [major, minor] = (version ?? '7.0').split('.').map(Number) as [number, number];
  return major > 8 || (major === 8 && minor >= 5);
}
