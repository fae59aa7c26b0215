/**
 * Reads an ONNX file into a decoded ModelProto. Every way a user's file can be wrong (missing,
 * unreadable, not protobuf, truncated, protobuf but not a model) becomes one ConfigError naming
 * the file, so `hil` exits 3 with a sentence instead of a protobuf stack trace.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import { onnxModelType, toNumber, type OnnxModelProto } from './onnx-schema.js';

export interface OnnxFile {
  file: string;
  sizeBytes: number;
  model: OnnxModelProto;
}

export async function readOnnxFile(file: string): Promise<OnnxFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code ?? String(error)})`;
    throw new ConfigError('HIL_ONNX_UNREADABLE', `${file}: ${reason}`, {
      where: file,
      hint: 'give the path of an .onnx file, or a model name from golden/models/manifest.yaml',
    });
  }
  return { file, sizeBytes: bytes.length, model: decodeOnnx(bytes, file) };
}

/** Decodes bytes as an ONNX ModelProto; `file` only names the source in errors. */
export function decodeOnnx(bytes: Uint8Array, file: string): OnnxModelProto {
  if (bytes.length === 0) throw notOnnx(file, 'the file is empty');
  let model: OnnxModelProto;
  try {
    model = onnxModelType().decode(bytes) as unknown as OnnxModelProto;
  } catch (error) {
    // protobufjs says "index out of range" when the bytes end in the middle of a field.
    const message = error instanceof Error ? error.message : String(error);
    const truncated = /index out of range/i.test(message);
    // The protobuf error is folded into the message, not kept as `cause`: one line for the user.
    throw notOnnx(file, truncated ? 'the file is truncated or corrupt (protobuf data ends mid-field)' : `not a protobuf ModelProto (${message})`);
  }
  // Random bytes sometimes decode as a protobuf by accident; a real model has an IR version, an
  // opset and a graph with nodes.
  const irVersion = toNumber(model.ir_version);
  if (irVersion <= 0 || irVersion > 1000) throw notOnnx(file, 'no valid ir_version (not an ONNX model)');
  if (!model.graph) throw notOnnx(file, 'the model has no graph');
  if (model.opset_import.length === 0) throw notOnnx(file, 'the model declares no opset_import');
  if (model.graph.node.length === 0) throw notOnnx(file, 'the graph has no nodes');
  return model;
}

function notOnnx(file: string, reason: string): ConfigError {
  return new ConfigError('HIL_ONNX_INVALID', `${file}: not a readable ONNX model: ${reason}`, {
    where: file,
    hint: 'check that the file is a complete .onnx export (re-export or re-download it)',
  });
}
