/**
 * The ONNX protobuf schema (ModelProto and friends) as protobufjs reflection types, built once from
 * the committed JSON descriptor, plus TypeScript views of the decoded messages for the fields hil
 * reads. Field names keep onnx.proto's snake_case.
 */
import protobuf from 'protobufjs';
import { ONNX_DESCRIPTOR } from './onnx-descriptor.js';

/** int64 fields decode as `Long` because protobufjs finds the `long` package; small ones as numbers. */
export type Int64 = number | { toNumber(): number };

export interface OnnxDim {
  dim_value?: Int64;
  dim_param?: string;
  /** Which oneof member is set: 'dim_value', 'dim_param' or undefined (unknown dim). */
  value?: string;
}

export interface OnnxTypeProto {
  tensor_type?: { elem_type?: number; shape?: { dim: OnnxDim[] } };
}

export interface OnnxValueInfo {
  name: string;
  type?: OnnxTypeProto;
}

export interface OnnxTensor {
  name: string;
  dims: Int64[];
  data_type: number;
  raw_data: Uint8Array;
  float_data: number[];
  int32_data: number[];
  int64_data: Int64[];
  double_data: number[];
  uint64_data: Int64[];
  /** 1 = EXTERNAL: the data lives in another file; dims are still here. */
  data_location: number;
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f: number;
  i: Int64;
  s: Uint8Array;
  t?: OnnxTensor;
  /** Subgraph (If branches, Loop/Scan bodies). */
  g?: OnnxGraph | null;
  graphs: OnnxGraph[];
  floats: number[];
  ints: Int64[];
}

export interface OnnxNode {
  name: string;
  op_type: string;
  domain: string;
  input: string[];
  output: string[];
  attribute: OnnxAttribute[];
}

export interface OnnxGraph {
  name: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  sparse_initializer: { values?: OnnxTensor; dims: Int64[] }[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  value_info: OnnxValueInfo[];
}

export interface OnnxModelProto {
  ir_version: Int64;
  producer_name: string;
  producer_version: string;
  opset_import: { domain: string; version: Int64 }[];
  graph?: OnnxGraph;
}

let modelType: protobuf.Type | undefined;

/** The reflected `onnx.ModelProto` type (built lazily: commands that never read ONNX skip it). */
export function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(ONNX_DESCRIPTOR as protobuf.INamespace).lookupType('onnx.ModelProto');
  return modelType;
}

export function toNumber(value: Int64 | undefined): number {
  if (value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** TensorProto.DataType names, as onnx.proto numbers them. */
export const DATA_TYPE_NAMES: Record<number, string> = {
  0: 'undefined',
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};

export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  BFLOAT16: 16,
} as const;

export function dataTypeName(type: number | undefined): string {
  return DATA_TYPE_NAMES[type ?? 0] ?? `type${type}`;
}
