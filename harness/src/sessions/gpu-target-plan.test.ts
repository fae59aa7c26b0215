import { describe, expect, it } from 'vitest';
import type { BoardCapabilities } from '../devices/probes/capabilities-parse.js';
import { gpuTargetPlan } from './gpu-target-plan.js';

const caps = (patch: Partial<BoardCapabilities['tensorrt']> = {}, gpus: BoardCapabilities['gpus'] = GPUS): BoardCapabilities => ({
  tensorrt: { trtexec: '/usr/bin/trtexec', version: '8.2.1', onnx: true, loadInputs: true, exportOutput: true, exportTimes: true, ...patch },
  gpus,
  power: [],
});
const GPUS: BoardCapabilities['gpus'] = [
  { cudaId: 0, kind: 'discrete', name: 'GP106', computeCapability: null, precisions: null },
  { cudaId: 1, kind: 'integrated', name: 'NVIDIA Tegra X2', computeCapability: '6.2', precisions: ['fp32', 'fp16'] },
];

describe('what the probe lets a GPU target do', () => {
  it('each target gets its probed CUDA device; nothing missing', () => {
    expect(gpuTargetPlan(caps(), 'px2-01', 'dgpu')).toEqual({ gpu: GPUS[0] });
    expect(gpuTargetPlan(caps(), 'px2-01', 'igpu')).toEqual({ gpu: GPUS[1] });
    expect(gpuTargetPlan(undefined, 'px2-01', 'igpu')).toEqual({});
    expect(gpuTargetPlan(caps(), 'px2-01', 'cpu')).toEqual({});
  });

  it('a promised capability the board lacks: every check of the target is broken, naming it', () => {
    expect(gpuTargetPlan(caps({ trtexec: null }), 'px2-01', 'dgpu').missing).toBe('px2-01 has no trtexec on PATH (probed): its dgpu cannot be timed');
    expect(gpuTargetPlan(caps({ onnx: false }), 'px2-01', 'dgpu').missing).toBe('trtexec on px2-01 (TensorRT 8.2.1) has no --onnx: its TensorRT predates the ONNX parser');
    expect(gpuTargetPlan(caps({ version: '5.0.3', loadInputs: false, exportOutput: false, exportTimes: false }), 'px2-01', 'igpu').missing).toBe(
      'trtexec on px2-01 (TensorRT 5.0.3) has no --exportTimes (TensorRT 6.0+), which hil times each query with',
    );
    expect(gpuTargetPlan(caps({}, [GPUS[1]!]), 'px2-01', 'dgpu').missing).toBe('px2-01 has no discrete GPU (probed: nvidia-smi -L listed none): target dgpu cannot run');
  });

  it('without --loadInputs/--exportOutput only accuracy is left out, naming the option', () => {
    expect(gpuTargetPlan(caps({ version: null, exportOutput: false }), 'px2-01', 'igpu')).toEqual({
      gpu: GPUS[1],
      noAccuracy: 'unsupported on px2-01: trtexec of TensorRT of unknown version has no --exportOutput (TensorRT 6.0+), which accuracy on the GPU needs',
    });
  });
});
