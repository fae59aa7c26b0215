import { describe, expect, it } from 'vitest';
import { parseCapabilityProbe, precisionsFor } from './capabilities-parse.js';
import { capabilityMismatches, formatCapabilities } from './capability-probe.js';

// What the probe script prints on a Drive PX2 half (TensorRT 8.2.1, an old driver's nvidia-smi).
const PX2 = [
  'trtexec\t/usr/src/tensorrt/bin/trtexec',
  'help\t&&&& RUNNING TensorRT.trtexec [TensorRT v8201] # trtexec --help',
  'help\t  --onnx=<file>   ONNX model',
  'help\t  --loadInputs=spec   Load input values from files',
  'help\t  --exportOutput=<file>   Write the output tensors to a json file',
  'help\t  --exportTimes=<file>',
  'libnvinfer\tlibnvinfer.so.8.2.1',
  'compatible\tnvidia,e3550 nvidia,tegra186 ',
  'smi-list\tGPU 0: GP106 (UUID: GPU-00000000-0000-4000-8000-000000000000)',
  'smi-power\t0, GP106, [N/A]',
  'smi-cc\tField "compute_cap" is not a valid field to query.',
  'tegrastats\tRAM 2400/7852MB (lfb 1x4MB) CPU [3%@345,0%@345] EMC_FREQ 0% GR3D_FREQ 0% GPU@39.5C',
  '',
].join('\n');

const profile = {
  targets: ['cpu', 'igpu', 'dgpu'] as ('cpu' | 'igpu' | 'dgpu')[],
  runners: ['ort-agent', 'trtexec'] as ('ort-agent' | 'trtexec')[],
  trtexec: { gpuIds: { dgpu: 0, igpu: 1 }, precisions: { igpu: ['fp32', 'fp16'] as const, dgpu: ['fp32', 'fp16', 'int8'] as const } },
  power: { source: 'meter' as const, intervalMs: 100 },
} as unknown as Parameters<typeof capabilityMismatches>[0];

describe('board capabilities from the probe', () => {
  it('a PX2 half: TensorRT from its library, trtexec options from --help, the dGPU first, no power but the meter', () => {
    const caps = parseCapabilityProbe(PX2);
    expect(caps.tensorrt).toEqual({ trtexec: '/usr/src/tensorrt/bin/trtexec', version: '8.2.1', onnx: true, loadInputs: true, exportOutput: true, exportTimes: true });
    expect(caps.gpus).toEqual([
      { cudaId: 0, kind: 'discrete', name: 'GP106', computeCapability: null, precisions: null },
      { cudaId: 1, kind: 'integrated', name: 'NVIDIA Tegra X2', computeCapability: '6.2', precisions: ['fp32', 'fp16'] },
    ]);
    expect(caps.power).toEqual([
      { source: 'tegrastats', answers: false, detail: 'prints no power rails' },
      { source: 'ina3221', answers: false, detail: 'no INA3221 in sysfs' },
      { source: 'nvidia-smi', answers: false, detail: 'power.draw not reported ([N/A])' },
    ]);
    caps.power.push({ source: 'meter', answers: true, detail: 'YOKOGAWA,WT310E at 10.0.0.5:10001' });
    expect(capabilityMismatches(profile, caps)).toEqual([]);
    expect(formatCapabilities(caps)).toEqual([
      'tensorrt: 8.2.1 (/usr/src/tensorrt/bin/trtexec; --onnx, --loadInputs, --exportOutput)',
      'gpu 0: GP106, discrete, compute unknown, precisions unknown until trtexec runs on it',
      'gpu 1: NVIDIA Tegra X2, integrated, compute 6.2, precisions fp32/fp16',
      'power: tegrastats no (prints no power rails); ina3221 no (no INA3221 in sysfs); nvidia-smi no (power.draw not reported ([N/A])); meter answers (YOKOGAWA,WT310E at 10.0.0.5:10001)',
    ]);
  });

  it('the banner code gives the version when no library is found; rails and nvidia-smi watts answer', () => {
    const caps = parseCapabilityProbe(
      [
        'trtexec\t/usr/bin/trtexec',
        'help\t&&&& RUNNING TensorRT.trtexec [TensorRT v100300] # trtexec --help',
        'help\t  --onnx=<file>',
        'compatible\tnvidia,p3768-0000+p3767-0005 nvidia,tegra234 ',
        'smi-list\tGPU 0: NVIDIA RTX A2000 (UUID: GPU-1)',
        'smi-power\t0, NVIDIA RTX A2000, 21.37',
        'smi-cc\t0, 8.6',
        'tegrastats\t12-05-2026 10:00:00 RAM 2/7MB VDD_IN 4969mW/4969mW VDD_CPU_GPU_CV 600mW/600mW',
        'ina3221\t/sys/bus/i2c/devices/1-0040/hwmon/hwmon1',
      ].join('\n'),
    );
    expect(caps.tensorrt).toMatchObject({ version: '10.3.0', onnx: true, loadInputs: false, exportOutput: false });
    expect(caps.gpus.map((g) => [g.cudaId, g.kind, g.computeCapability, g.precisions])).toEqual([
      [0, 'discrete', '8.6', ['fp32', 'fp16', 'int8']],
      [1, 'integrated', '8.7', ['fp32', 'fp16', 'int8']],
    ]);
    expect(caps.power.map((p) => [p.source, p.answers, p.detail])).toEqual([
      ['tegrastats', true, 'rails VDD_IN, VDD_CPU_GPU_CV'],
      ['ina3221', true, '1 chip(s) in sysfs'],
      ['nvidia-smi', true, 'power.draw of GPU 0'],
    ]);
    expect(parseCapabilityProbe('help\t[TensorRT v8201]').tensorrt.version).toBe('8.2.1');
  });

  it('precisions per compute capability: no INT8 on the Tegra X1/X2, INT8 on discrete Pascal and from Volta', () => {
    expect(precisionsFor('5.3')).toEqual(['fp32', 'fp16']);
    expect(precisionsFor('6.2')).toEqual(['fp32', 'fp16']);
    expect(precisionsFor('6.1')).toEqual(['fp32', 'fp16', 'int8']);
    expect(precisionsFor('7.2')).toEqual(['fp32', 'fp16', 'int8']);
    expect(precisionsFor('5.0')).toEqual(['fp32']);
  });

  it('mismatches between the profile and the probe are named, one line each', () => {
    const caps = parseCapabilityProbe(PX2.replace(/^smi-list.*$/m, '').replace(/^help\t  --onnx.*$/m, ''));
    caps.power.push({ source: 'meter', answers: false, detail: 'none in the farm inventory' });
    expect(capabilityMismatches(profile, caps)).toEqual([
      'trtexec (TensorRT 8.2.1) has no --onnx: this TensorRT predates its ONNX parser',
      'the profile puts igpu at CUDA device 1; the probe finds the integrated GPU (NVIDIA Tegra X2) at 0',
      'the profile has target dgpu, but the probe found no discrete GPU (nvidia-smi -L listed none)',
      "the profile's power source meter does not answer: none in the farm inventory",
    ]);
    const int8OnTegra = { ...profile, trtexec: { ...profile.trtexec, precisions: { igpu: ['fp32', 'int8'] } } } as typeof profile;
    expect(capabilityMismatches(int8OnTegra, parseCapabilityProbe(PX2))).toContain('the profile lists int8 for igpu, which NVIDIA Tegra X2 (compute 6.2) cannot build');
  });
});
