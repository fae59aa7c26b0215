/**
 * Element counts and (for small tensors) values of TensorProtos. Values are only needed for shape
 * arithmetic (Reshape targets, Slice bounds, Resize scales, Pad amounts), so large tensors are never
 * materialised: weights are counted by their dims, not read.
 */
import { DataType, toNumber, type OnnxTensor } from './onnx-schema.js';

/** Tensors above this many elements are never read as values (they are weights, not shapes). */
export const MAX_VALUE_ELEMENTS = 4096;

export function tensorDims(tensor: OnnxTensor): number[] {
  return tensor.dims.map(toNumber);
}

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

/** Flattened values of a small tensor, or undefined when too large, external or of an unread type. */
export function tensorValues(tensor: OnnxTensor, maxElements = MAX_VALUE_ELEMENTS): number[] | undefined {
  const count = elementCount(tensorDims(tensor));
  if (count > maxElements || tensor.data_location === 1) return undefined;
  const raw = tensor.raw_data;
  if (raw && raw.length > 0) return fromRaw(raw, tensor.data_type, count);
  switch (tensor.data_type) {
    case DataType.FLOAT:
      return tensor.float_data.slice(0, count);
    case DataType.DOUBLE:
      return tensor.double_data.slice(0, count);
    case DataType.INT64:
      return tensor.int64_data.slice(0, count).map(toNumber);
    case DataType.UINT32:
    case DataType.UINT64:
      return tensor.uint64_data.slice(0, count).map(toNumber);
    case DataType.INT32:
    case DataType.INT16:
    case DataType.INT8:
    case DataType.UINT16:
    case DataType.UINT8:
    case DataType.BOOL:
      return tensor.int32_data.slice(0, count);
    default:
      return undefined;
  }
}

function fromRaw(raw: Uint8Array, dataType: number, count: number): number[] | undefined {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const width = RAW_WIDTH[dataType];
  if (width === undefined || raw.byteLength < count * width) return undefined;
  const values: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = i * width;
    // ONNX raw_data is little-endian whatever the host.
    switch (dataType) {
      case DataType.FLOAT: values.push(view.getFloat32(at, true)); break;
      case DataType.DOUBLE: values.push(view.getFloat64(at, true)); break;
      case DataType.INT64: values.push(Number(view.getBigInt64(at, true))); break;
      case DataType.UINT64: values.push(Number(view.getBigUint64(at, true))); break;
      case DataType.INT32: values.push(view.getInt32(at, true)); break;
      case DataType.UINT32: values.push(view.getUint32(at, true)); break;
      case DataType.INT16: values.push(view.getInt16(at, true)); break;
      case DataType.UINT16: values.push(view.getUint16(at, true)); break;
      case DataType.INT8: values.push(view.getInt8(at)); break;
      case DataType.UINT8:
      case DataType.BOOL: values.push(view.getUint8(at)); break;
      default: return undefined;
    }
  }
  return values;
}

const RAW_WIDTH: Record<number, number> = {
  [DataType.FLOAT]: 4,
  [DataType.DOUBLE]: 8,
  [DataType.INT64]: 8,
  [DataType.UINT64]: 8,
  [DataType.INT32]: 4,
  [DataType.UINT32]: 4,
  [DataType.INT16]: 2,
  [DataType.UINT16]: 2,
  [DataType.INT8]: 1,
  [DataType.UINT8]: 1,
  [DataType.BOOL]: 1,
};

/** Types that hold weights; int32/int64/bool/string tensors are shapes, axes and indices. */
const WEIGHT_TYPES = new Set<number>([
  DataType.FLOAT,
  DataType.DOUBLE,
  DataType.FLOAT16,
  DataType.BFLOAT16,
  DataType.INT8,
  DataType.UINT8,
  DataType.INT16,
  DataType.UINT16,
]);

export function isWeightType(dataType: number): boolean {
  return WEIGHT_TYPES.has(dataType);
}
