/** TensorRT's version as its banner codes it (`[TensorRT v8201]`): 8201 → 8.2.1, 100300 → 10.3.0. Pure. */
export function tensorRtVersionFromCode(code: string): string {
  const [major, rest] = code.length === 6 ? [code.slice(0, 2), code.slice(2)] : [code.slice(0, 1), code.slice(1)];
  return `${Number(major)}.${Number(rest.slice(0, rest.length - 2))}.${Number(rest.slice(-2))}`;
}
