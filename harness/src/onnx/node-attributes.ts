/** Typed access to a NodeProto's attributes, with ONNX's defaults supplied by the caller. */
import { toNumber, type OnnxNode, type OnnxTensor } from './onnx-schema.js';

function find(node: OnnxNode, name: string) {
  return node.attribute.find((attribute) => attribute.name === name);
}

export function hasAttr(node: OnnxNode, name: string): boolean {
  return find(node, name) !== undefined;
}

export function attrInt(node: OnnxNode, name: string, fallback: number): number {
  const attribute = find(node, name);
  return attribute ? toNumber(attribute.i) : fallback;
}

export function attrInts(node: OnnxNode, name: string): number[] | undefined {
  const attribute = find(node, name);
  return attribute ? attribute.ints.map(toNumber) : undefined;
}

export function attrFloat(node: OnnxNode, name: string, fallback: number): number {
  const attribute = find(node, name);
  return attribute ? attribute.f : fallback;
}

export function attrFloats(node: OnnxNode, name: string): number[] | undefined {
  return find(node, name)?.floats;
}

export function attrString(node: OnnxNode, name: string, fallback: string): string {
  const attribute = find(node, name);
  return attribute ? Buffer.from(attribute.s).toString('utf8') : fallback;
}

export function attrTensor(node: OnnxNode, name: string): OnnxTensor | undefined {
  return find(node, name)?.t ?? undefined;
}
