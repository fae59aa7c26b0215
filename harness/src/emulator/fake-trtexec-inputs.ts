/**
 * The emulated trtexec's `--loadInputs`, as the board's TensorRT version reads input files: 7.x
 * ignores a file it cannot open (the input stays random, silently), 8.0-8.4 fail on a missing file
 * but read a file of the wrong size as it is (short: the rest stays zero), 8.5 and later also fail
 * on a wrong size. Messages follow TensorRT's sampleUtils; their exact wording per version is
 * unconfirmed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

/** `--loadInputs=name:file[,name:file]`, or null when a part has no name. */
export function parseLoadInputs(spec: string | undefined): Map<string, string> | null {
  const out = new Map<string, string>();
  for (const part of (spec ?? '').split(',').filter(Boolean)) {
    const at = part.indexOf(':');
    if (at <= 0) return null;
    out.set(part.slice(0, at), part.slice(at + 1));
  }
  return out;
}

/** Reads raw FP32 values of `file` into `host`; `loaded: false` when they stayed random. */
export function loadInputFile(host: Float32Array, file: string, tensorrt: string): { loaded: boolean } | { error: string } {
  const [major, minor] = tensorrt.split('.').map(Number) as [number, number];
  const expected = host.length * 4;
  if (!existsSync(file) || !statSync(file).isFile()) return major < 8 ? { loaded: false } : { error: `Cannot open file ${file}` };
  const bytes = readFileSync(file);
  const checksSize = major > 8 || (major === 8 && minor >= 5);
  if (bytes.length !== expected && checksSize) {
    return { error: `Unexpected file size for input file: ${file}. Note: Expected: ${expected} bytes but only read: ${bytes.length} bytes` };
  }
  host.fill(0);
  const usable = Math.min(bytes.length, expected) - (Math.min(bytes.length, expected) % 4);
  host.set(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + usable)));
  return { loaded: true };
}
