/**
 * What a board can do, as its probe found it (`capability-probe.ts` prints one `key<TAB>value`
 * line per fact): TensorRT and the trtexec options hil needs, the CUDA devices with the precisions
 * each has, and which power sources answer. Pure. The profile states expectations; this states
 * facts; `capabilityMismatches` says where they differ.
 */
import type { Precision } from '../../results/precision.js';
import type { Target } from '../profile-schema.js';
import { tensorRtVersionFromCode } from './tensorrt-version.js';

export interface TensorRtCapability {
  /** trtexec's path, or null when the board has none. */
  trtexec: string | null;
  /** `8.2.1`: from the library's file name (libnvinfer.so.8.2.1), else trtexec's banner code; null when neither says. */
  version: string | null;
  /** The options hil's command lines use, as `trtexec --help` lists them. */
  onnx: boolean;
  loadInputs: boolean;
  exportOutput: boolean;
  exportTimes: boolean;
}

export interface GpuCapability {
  /** `cudaSetDevice` / `trtexec --device` id: discrete GPUs first (CUDA orders the fastest first), then the SoC's. */
  cudaId: number;
  kind: 'integrated' | 'discrete';
  name: string;
  /** `6.2`; null when the board would not say (an old driver's nvidia-smi has no compute_cap). */
  computeCapability: string | null;
  /** What TensorRT can build on it; null when the compute capability is unknown. */
  precisions: Precision[] | null;
}

export type ProbedPowerSource = 'tegrastats' | 'ina3221' | 'nvidia-smi' | 'meter';

export interface PowerSourceCapability {
  source: ProbedPowerSource;
  answers: boolean;
  detail: string;
}

export interface BoardCapabilities {
  tensorrt: TensorRtCapability;
  gpus: GpuCapability[];
  power: PowerSourceCapability[];
}

/** The SoC's integrated GPU, by the device tree's `nvidia,tegraNNN`. */
const TEGRA_GPUS: Record<string, { name: string; computeCapability: string }> = {
  tegra210: { name: 'NVIDIA Tegra X1', computeCapability: '5.3' },
  tegra186: { name: 'NVIDIA Tegra X2', computeCapability: '6.2' },
  tegra194: { name: 'Xavier', computeCapability: '7.2' },
  tegra234: { name: 'Orin', computeCapability: '8.7' },
};

/**
 * Precisions TensorRT builds fast on a compute capability (trtexec-io.md's table): FP16 from 5.3
 * (except 6.1, where it runs at 1/64 rate: offered, as TensorRT builds it), INT8 on 6.1 (DP4A) and
 * from 7.0; the Tegra X1/X2 (5.3, 6.2) have no INT8 path.
 */
export function precisionsFor(computeCapability: string): Precision[] {
  const cc = Number(computeCapability);
  const out: Precision[] = ['fp32'];
  if (cc >= 5.3) out.push('fp16');
  if (computeCapability === '6.1' || cc >= 7) out.push('int8');
  return out;
}

function values(lines: readonly string[][], key: string): string[] {
  return lines.filter((l) => l[0] === key).map((l) => l.slice(1).join('\t'));
}

function tensorRt(lines: string[][]): TensorRtCapability {
  const trtexec = values(lines, 'trtexec')[0] || null;
  const help = values(lines, 'help').join('\n');
  const lib = values(lines, 'libnvinfer').map((f) => /^libnvinfer\.so\.(\d+\.\d+\.\d+)$/.exec(f)?.[1]).find(Boolean);
  const code = /\[TensorRT v(\d{4,6})\]/.exec(help)?.[1];
  const fromCode = code ? tensorRtVersionFromCode(code) : null;
  const has = (option: string) => new RegExp(`--${option}\\b`).test(help);
  return { trtexec, version: lib ?? fromCode, onnx: has('onnx'), loadInputs: has('loadInputs'), exportOutput: has('exportOutput'), exportTimes: has('exportTimes') };
}

function gpus(lines: string[][]): GpuCapability[] {
  const ccByIndex = new Map<number, string>();
  for (const line of values(lines, 'smi-cc')) {
    const m = /^(\d+),\s*(\d+\.\d+)$/.exec(line.trim());
    if (m) ccByIndex.set(Number(m[1]), m[2]!);
  }
  const discrete: GpuCapability[] = [];
  for (const line of values(lines, 'smi-list')) {
    const m = /^GPU (\d+): (.+?) \(UUID: [^)]*\)$/.exec(line.trim());
    if (!m) continue;
    const cc = ccByIndex.get(Number(m[1])) ?? null;
    discrete.push({ cudaId: discrete.length, kind: 'discrete', name: m[2]!, computeCapability: cc, precisions: cc ? precisionsFor(cc) : null });
  }
  const soc = (values(lines, 'compatible')[0] ?? '').split(/\s+/).map((c) => /^nvidia,(tegra\d+)$/.exec(c)?.[1]).find((t) => t && TEGRA_GPUS[t]);
  const integrated = soc ? TEGRA_GPUS[soc]! : null;
  return integrated ? [...discrete, { cudaId: discrete.length, kind: 'integrated', ...integrated, precisions: precisionsFor(integrated.computeCapability) }] : discrete;
}

function power(lines: string[][]): PowerSourceCapability[] {
  const out: PowerSourceCapability[] = [];
  const tegrastats = values(lines, 'tegrastats')[0];
  if (tegrastats !== undefined) {
    const rails = [...new Set([...tegrastats.matchAll(/\b((?:VDD|POM|VDDQ)_[A-Z0-9_]+) \d+(?:mW)?\/\d+(?:mW)?/g)].map((m) => m[1]!))];
    out.push({ source: 'tegrastats', answers: rails.length > 0, detail: rails.length ? `rails ${rails.join(', ')}` : tegrastats ? 'prints no power rails' : 'printed nothing in 5 s' });
  } else out.push({ source: 'tegrastats', answers: false, detail: 'not on the board' });
  const ina = values(lines, 'ina3221');
  out.push({ source: 'ina3221', answers: ina.length > 0, detail: ina.length ? `${ina.length} chip(s) in sysfs` : 'no INA3221 in sysfs' });
  const smi = values(lines, 'smi-power');
  if (values(lines, 'smi-list').length > 0) {
    const watts = smi.map((l) => l.split(',').map((p) => p.trim())).filter((p) => p.length >= 3 && Number.isFinite(Number(p[2])) && p[2] !== '');
    out.push({ source: 'nvidia-smi', answers: watts.length > 0, detail: watts.length ? `power.draw of GPU ${watts.map((w) => w[0]).join(', ')}` : `power.draw not reported (${(smi[0] ?? '').split(',').pop()?.trim() || 'no answer'})` });
  }
  return out;
}

/** The GPU a target runs on (dgpu: the first discrete GPU, igpu: the SoC's), or undefined when the board has none. */
export function gpuForTarget(caps: BoardCapabilities, target: Exclude<Target, 'cpu'>): GpuCapability | undefined {
  return caps.gpus.find((g) => g.kind === (target === 'dgpu' ? 'discrete' : 'integrated'));
}

export function parseCapabilityProbe(stdout: string): BoardCapabilities {
  const lines = stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));
  return { tensorrt: tensorRt(lines), gpus: gpus(lines), power: power(lines) };
}
