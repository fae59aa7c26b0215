/**
 * trtexec's `--exportOutput` file: one object per output binding, from the last inference,
 *   [ { "name" : "boxes" , "dimensions" : "16x2140x4" , "values" : [ 0.1, 0.2, ... ] } , ... ]
 * laid out by hand (not a JSON library): a NaN or infinite value is a bare `nan`, `inf` or `-inf`,
 * which `JSON.parse` rejects, on exactly the outputs that most need reporting. They are parsed as
 * the numbers they are and counted. Values carry ostream's default 6 significant digits. Pure.
 */
import { InfrastructureError } from '../errors.js';

export interface ExportedOutput {
  name: string;
  dims: number[];
  values: Float32Array;
  /** How many values were nan or ±inf. */
  nonFinite: number;
}

// Bare C++ spellings of non-finite floats, as tokens between JSON punctuation.
const NON_FINITE = /(?<=[[,\s])([+-]?)(nan|inf|infinity)(?=[\s,\]])/gi;

export function parseExportedOutput(text: string, file: string): ExportedOutput[] {
  const jsonText = text.replace(NON_FINITE, (_m, sign: string, word: string) => (word.toLowerCase() === 'nan' ? '"NaN"' : sign === '-' ? '"-Infinity"' : '"Infinity"'));
  let doc: unknown;
  try {
    doc = JSON.parse(jsonText);
  } catch (cause) {
    throw new InfrastructureError('HIL_TRTEXEC_OUTPUT', `${file}: trtexec's --exportOutput is not readable: ${(cause as Error).message}`, { cause, where: file });
  }
  if (!Array.isArray(doc)) throw new InfrastructureError('HIL_TRTEXEC_OUTPUT', `${file}: trtexec's --exportOutput: expected an array of outputs`, { where: file });
  return doc.map((entry: unknown, i) => {
    const e = entry as { name?: unknown; dimensions?: unknown; values?: unknown };
    const where = `${file}: [${i}]`;
    if (typeof e.name !== 'string') throw new InfrastructureError('HIL_TRTEXEC_OUTPUT', `${where}.name: expected the output's name`, { where: file });
    if (typeof e.dimensions !== 'string' || !/^\d+(x\d+)*$/.test(e.dimensions)) {
      throw new InfrastructureError('HIL_TRTEXEC_OUTPUT', `${where}.dimensions: expected "NxCx..." for ${e.name}, got ${JSON.stringify(e.dimensions)}`, { where: file });
    }
    if (!Array.isArray(e.values)) throw new InfrastructureError('HIL_TRTEXEC_OUTPUT', `${where}.values: expected an array for ${e.name}`, { where: file });
    const dims = e.dimensions.split('x').map(Number);
    const count = dims.reduce((a, b) => a * b, 1);
    if (e.values.length !== count) {
      throw new InfrastructureError('HIL_TRTEXEC_OUTPUT', `${where}.values: ${e.name} has ${e.values.length} values, its dimensions ${e.dimensions} need ${count}`, { where: file });
    }
    const values = new Float32Array(count);
    let nonFinite = 0;
    e.values.forEach((v: unknown, k) => {
      const n = typeof v === 'string' ? Number(v) : (v as number);
      if (typeof n !== 'number' || Number.isNaN(n) && v !== 'NaN') throw new InfrastructureError('HIL_TRTEXEC_OUTPUT', `${where}.values[${k}]: not a number in ${e.name}: ${JSON.stringify(v)}`, { where: file });
      if (!Number.isFinite(n)) nonFinite += 1;
      values[k] = n;
    });
    return { name: e.name, dims, values, nonFinite };
  });
}
