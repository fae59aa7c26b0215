import { describe, expect, it } from 'vitest';
import { cacheMismatch, calibrationCacheName, formatCalibrationCache, hexToScale, parseCalibrationCache, scaleToHex, trtVersionCode } from './calibration-cache.js';

describe("TensorRT's calibration cache", () => {
  it("version codes as TensorRT writes them in the header (7.1.3, 8.4.1 and 10.14.1 seen in real caches)", () => {
    expect(trtVersionCode('7.1.3')).toBe(7103);
    expect(trtVersionCode('8.4.1')).toBe(8401);
    expect(trtVersionCode('8.5.2')).toBe(8502);
    expect(trtVersionCode('10.14.1')).toBe(101401);
    expect(trtVersionCode('10.3.0')).toBe(100300);
    expect(() => trtVersionCode('eight')).toThrow(/TensorRT version "eight": expected MAJOR.MINOR.PATCH/);
  });

  it('scales are the big-endian IEEE-754 bits of the FP32 value, 8 hex digits', () => {
    expect(scaleToHex(1)).toBe('3f800000');
    expect(scaleToHex(1 / 127)).toBe('3c010204');
    // The reference's example line "input: 3caa54fc".
    expect(hexToScale('3caa54fc')).toBeCloseTo(0.020792, 6);
    expect(hexToScale(scaleToHex(0.0123))).toBe(Math.fround(0.0123));
  });

  it('round-trips, keeps file order, and names the file and line of a bad entry', () => {
    const scales = new Map([['input', 1 / 127], ['/model/c1/Conv_output_0', 0.0629], ['x:0', 0.5]]);
    const text = formatCalibrationCache('8.5.2', scales);
    expect(text.split('\n')[0]).toBe('TRT-8502-EntropyCalibration2');
    const parsed = parseCalibrationCache(text, 'c.calib');
    expect([...parsed.scales.keys()]).toEqual(['input', '/model/c1/Conv_output_0', 'x:0']);
    expect(parsed.scales.get('x:0')).toBe(0.5);
    expect(parsed.versionCode).toBe(8502);
    expect(() => parseCalibrationCache('TRT-8502-EntropyCalibration2\ninput: 3c01\n', 'c.calib')).toThrow(/^c\.calib:2: expected "<tensor name>: <8 hex digits>", got "input: 3c01"$/);
    expect(() => parseCalibrationCache('input: 3c010204\n', 'c.calib')).toThrow(/^c\.calib:1: not a TensorRT calibration cache/);
  });

  it("a cache of another TensorRT version is refused with the reason, since TensorRT would silently recalibrate on random data", () => {
    const cache = parseCalibrationCache(formatCalibrationCache('8.5.2', new Map([['input', 0.01]])), 'c');
    expect(cacheMismatch(cache, '8.5.2')).toBeNull();
    expect(cacheMismatch(cache, '10.3.0')).toBe('made for TensorRT code 8502, the board has 10.3.0 (code 100300): TensorRT would ignore it and calibrate on random data');
    expect(calibrationCacheName('vgg-ssd-mini', '8.5.2')).toBe('vgg-ssd-mini.trt-8.5.2.calib');
  });
});
