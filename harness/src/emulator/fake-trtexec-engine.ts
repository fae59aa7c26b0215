/**
 * The emulated board's "TensorRT engine": a file that holds the ONNX model it was built from,
 * behind a header saying what it is. Real engines are opaque, GPU-specific binaries; this one
 * lets the fake trtexec time the same model again with onnxruntime on the host CPU.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../files/atomic-write.js';

const MAGIC = 'HIL-EMULATED-TENSORRT-ENGINE';

export interface FakeEngineHeader {
  format: 1;
  tensorrt: string;
  onnxSha256: string;
  fp16: boolean;
  /**
   * Built with --int8: `qdq` (the model's own Q/DQ), `calibrated` (Q/DQ inserted from the
   * calibration cache), `dummy` (no usable cache: TensorRT's placeholder ranges, meaningless
   * accuracy) or false. The ONNX stored is the one that runs (with any inserted Q/DQ).
   */
  int8?: false | 'qdq' | 'calibrated' | 'dummy';
  /** `--shapes` it was built for, or null for a static model. */
  shapes: string | null;
  builtAt: string;
}

export function writeFakeEngine(file: string, onnx: Buffer, header: Omit<FakeEngineHeader, 'format' | 'onnxSha256' | 'builtAt'>): FakeEngineHeader {
  const full: FakeEngineHeader = { format: 1, ...header, onnxSha256: createHash('sha256').update(onnx).digest('hex'), builtAt: new Date().toISOString() };
  writeFileAtomicSync(file, Buffer.concat([Buffer.from(`${MAGIC}\n${JSON.stringify(full)}\n`), onnx]));
  return full;
}

/** The engine's header and model, or a message in TensorRT's words when it is not one of ours. */
export function readFakeEngine(file: string): { header: FakeEngineHeader; onnx: Buffer } | { error: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { error: `Error opening engine file: ${file} (${(error as NodeJS.ErrnoException).code ?? error})` };
  }
  const first = bytes.indexOf(0x0a);
  const second = first < 0 ? -1 : bytes.indexOf(0x0a, first + 1);
  if (first < 0 || second < 0 || bytes.subarray(0, first).toString() !== MAGIC) {
    return { error: 'Error Code 1: Serialization (Serialization assertion plan->header.magicTag == rt::kPLAN_MAGIC_TAG failed.)' };
  }
  const header = JSON.parse(bytes.subarray(first + 1, second).toString()) as FakeEngineHeader;
  const onnx = bytes.subarray(second + 1);
  if (createHash('sha256').update(onnx).digest('hex') !== header.onnxSha256) {
    return { error: 'Error Code 1: Serialization (Serialization assertion: engine file is truncated or corrupt)' };
  }
  return { header, onnx };
}
