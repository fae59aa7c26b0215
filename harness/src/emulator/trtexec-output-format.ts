/**
 * The emulated trtexec's `--exportOutput` file, laid out as TensorRT's sampleReporting writes it:
 * leading commas, spaces around colons, values in ostream's default format (6 significant digits,
 * bare `nan` / `inf`), one object per output binding. Pure.
 */
import { cppFloat } from './trtexec-format.js';

export interface OutputToExport {
  name: string;
  dims: readonly number[];
  values: ArrayLike<number>;
}

export function formatExportedOutput(outputs: readonly OutputToExport[]): string {
  const parts = outputs.map((o, i) => {
    const values: string[] = new Array(o.values.length);
    for (let k = 0; k < o.values.length; k += 1) values[k] = cppFloat(o.values[k]!);
    return `${i === 0 ? '  ' : ', '}{ "name" : "${o.name}"\n  , "dimensions" : "${o.dims.join('x')}"\n  , "values" : [ ${values.join(', ')} ]\n  }`;
  });
  return `[\n${parts.join('\n')}\n]\n`;
}
