import { describe, expect, it } from 'vitest';
import { formatExportedOutput } from '../../harness/src/emulator/trtexec-output-format.js';
import { parseExportedOutput } from '../../harness/src/runners/trtexec-export-output.js';

// The layout of ../shared/reference/jetson/trtexec-io.md, with the non-finite values TensorRT writes bare.
const REFERENCE = `[
  { "name" : "scores"
  , "dimensions" : "1x5"
  , "values" : [ 0.0435101, 0.0340782, 0.0555826, 0.195444, 0.671385 ]
  }
, { "name" : "boxes"
  , "dimensions" : "1x2x2"
  , "values" : [ nan, -inf, inf, 1e-05 ]
  }
]
`;

describe("trtexec's --exportOutput", () => {
  it('reads the hand-laid file, bare nan/inf included, and counts the non-finite values', () => {
    const [scores, boxes] = parseExportedOutput(REFERENCE, 'out.json');
    expect(scores).toMatchObject({ name: 'scores', dims: [1, 5], nonFinite: 0 });
    expect(scores!.values[4]).toBeCloseTo(0.671385, 6);
    expect(boxes!.dims).toEqual([1, 2, 2]);
    expect(Number.isNaN(boxes!.values[0])).toBe(true);
    expect([boxes!.values[1], boxes!.values[2], boxes!.values[3]]).toEqual([-Infinity, Infinity, Math.fround(1e-5)]);
    expect(boxes!.nonFinite).toBe(3);
  });

  it("the emulator writes what hil reads, to ostream's 6 significant digits", () => {
    const text = formatExportedOutput([{ name: 'region', dims: [1, 3], values: [0.123456789, -2.5e-7, Number.NaN] }]);
    expect(text).toContain('"values" : [ 0.123457, -2.5e-07, nan ]');
    const [region] = parseExportedOutput(text, 'x.json');
    expect(region!.values[0]).toBe(Math.fround(0.123457));
    expect(region!.nonFinite).toBe(1);
  });

  it('a damaged file is an error naming the file and what is wrong', () => {
    expect(() => parseExportedOutput('[ { "name" : "a", "dimensions" : "1x3", "values" : [ 1, 2 ] } ]', 'o.json')).toThrow(/^o\.json: \[0\]\.values: a has 2 values, its dimensions 1x3 need 3$/);
    expect(() => parseExportedOutput('[ { "name" : "a", "dimensions" : "1x3", "values" : [ 1, 2', 'o.json')).toThrow(/^o\.json: trtexec's --exportOutput is not readable/);
    expect(() => parseExportedOutput('[ { "name" : "a", "dimensions" : "three", "values" : [] } ]', 'o.json')).toThrow(/dimensions: expected "NxCx\.\.\." for a/);
  });
});
