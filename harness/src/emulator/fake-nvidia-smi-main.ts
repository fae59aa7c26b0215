#!/usr/bin/env node
/**
 * The emulated board's `nvidia-smi`, for its discrete GPUs only (as on a real Tegra board: the
 * SoC's integrated GPU is not an NVML device). It answers `-L` and `--query-gpu=... --format=csv`
 * (with `noheader`, `nounits`, and `-lms N` to repeat), in nvidia-smi's formats; a field this
 * board's driver does not know fails as nvidia-smi does, and power is `[N/A]` where the board
 * reports none (see the board model).
 */
import { BoardLoadMeter } from './cpu-load.js';
import { readBoardState } from './board-state-file.js';
import { boardModelOrTx2 } from './board-models.js';
import { nvidiaSmiList, nvidiaSmiQuery, parseQueryFormat } from './nvidia-smi-format.js';

const args = process.argv.slice(2);
const stateFile = process.env.HIL_EMU_STATE ?? '';
const state = readBoardState(stateFile);
const all = (boardModelOrTx2(state.type).discreteGpus ?? []).map((g) => (state.dgpuReportsPower ? { ...g, reportsPower: true } : g));

function fail(message: string, code: number): never {
  process.stdout.write(`${message}\n`);
  process.exit(code);
}

function value(name: string): string | undefined {
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const at = args.indexOf(`-${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

// `-i N`: one GPU (its index stays N in what is printed).
const only = value('i') ?? value('id');
if (only !== undefined && !all[Number(only)]) fail(`No devices were found`, 6);
const gpus = only !== undefined ? [all[Number(only)]!] : all;
const firstIndex = only !== undefined ? Number(only) : 0;
if (all.length === 0) fail('NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.', 9);
if (args.includes('-L') || args.includes('--list-gpus')) {
  process.stdout.write(nvidiaSmiList(gpus, firstIndex));
} else {
  const fields = value('query-gpu');
  if (!fields) fail('Usage: nvidia-smi [-L] [--query-gpu=FIELDS --format=csv[,noheader][,nounits]] [-lms MS] (emulated: only these)', 2);
  const format = parseQueryFormat(value('format') ?? '');
  if (!format) fail('"--format" must be given as csv[,noheader][,nounits]', 2);
  const loopMs = Number(value('lms') ?? 0);
  const meter = new BoardLoadMeter(`HIL_EMU_STATE=${stateFile}`);
  meter.sample();
  let first = true;
  const once = (): void => {
    const out = nvidiaSmiQuery(gpus, fields.split(','), { ...format, firstIndex, header: format.header && first, util: meter.sample(), now: new Date() });
    if ('error' in out) fail(out.error, 2);
    process.stdout.write(out.text);
    first = false;
  };
  once();
  if (loopMs > 0) setInterval(once, loopMs);
}
