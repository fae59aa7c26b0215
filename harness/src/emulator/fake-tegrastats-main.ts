#!/usr/bin/env node
/**
 * The emulated board's `tegrastats`, in its board model's dialect. Flags as the real tool:
 * `--interval <ms>`, `--logfile <file>`, `--start` (run in the background), `--stop` (stop the
 * background ones), `--verbose` (accepted, ignored). Power and temperatures follow the host's
 * CPU load; settings and faults come from the board's state file ($HIL_EMU_STATE).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { BoardLoadMeter } from './cpu-load.js';
import { cpuKHz, gpuCurHz, modeOf, temperaturesC } from './board-model.js';
import { boardModelOrTx2 } from './board-models.js';
import type { EmulatedBoardState } from './board-state.js';
import { readBoardState } from './board-state-file.js';
import { formatTegrastatsLine } from './tegrastats-format.js';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const value = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const statePath = process.env.HIL_EMU_STATE;
const pidsFile = statePath ? `${statePath}.tegrastats-pids` : undefined;

function readState(): EmulatedBoardState {
  return readBoardState(statePath ?? '');
}

function stopBackground(): void {
  if (!pidsFile || !existsSync(pidsFile)) return;
  for (const pid of readFileSync(pidsFile, 'utf8').split('\n').filter(Boolean).map(Number)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  writeFileSync(pidsFile, '');
}

function startBackground(): void {
  const rest = args.filter((a) => a !== '--start');
  const log = value('--logfile');
  const out = log ? openSync(log, 'a') : 'ignore';
  const child = spawn(process.execPath, [process.argv[1]!, ...rest], { detached: true, stdio: ['ignore', out, out] });
  if (pidsFile) appendFileSync(pidsFile, `${child.pid}\n`);
  child.unref();
}

function ramMb(totalMb: number): { used: number; total: number } {
  const info = readFileSync('/proc/meminfo', 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  const total = kb('MemTotal');
  const used = total > 0 ? 1 - kb('MemAvailable') / total : 0;
  return { used: used * totalMb, total: totalMb };
}

function run(): void {
  const intervalMs = Math.max(10, Number(value('--interval') ?? 1000) || 1000);
  const log = value('--logfile');
  const meter = new BoardLoadMeter(`HIL_EMU_STATE=${statePath ?? ''}`);
  meter.sample();
  // The board type never changes under a running tegrastats.
  const model = boardModelOrTx2(readState().type);
  const sums: Record<string, number> = Object.fromEntries(model.rails.map((r) => [r, 0]));
  let samples = 0;
  let smoothed = 0;
  const tick = (): void => {
    const state = readState();
    const util = meter.sample();
    smoothed = smoothed * 0.8 + util * 0.2;
    if (state.tegrastats === 'silent') return;
    const mode = modeOf(model, state.nvpmodel);
    const current = model.railsMw(util, state);
    samples += 1;
    for (const rail of model.rails) sums[rail]! += current[rail] ?? 0;
    const average = Object.fromEntries(model.rails.map((r) => [r, sums[r]! / samples]));
    const ram = ramMb(model.ramTotalMb);
    const line = formatTegrastatsLine(model, {
      ramUsedMb: ram.used,
      ramTotalMb: ram.total,
      // The board's load spread over its online cores (the host has fewer cores than the board).
      coreLoadPct: Array.from({ length: model.cpuCount }, (_, i) => (mode.online.includes(i) ? 100 * util : null)),
      cpuMHz: cpuKHz(model, util, state) / 1000,
      emcMHz: model.emcMaxHz / 1e6,
      gpuMHz: gpuCurHz(model, state) / 1e6,
      tempsC: temperaturesC(model, smoothed, state),
      rails: state.tegrastats === 'no-rails' ? null : { current, average },
    });
    if (log) appendFileSync(log, `${line}\n`);
    else process.stdout.write(`${line}\n`);
  };
  setInterval(tick, intervalMs);
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));
  process.stdout.on('error', () => process.exit(0)); // reader went away (e.g. `| head`)
}

if (flag('--stop')) stopBackground();
else if (flag('--start')) startBackground();
else run();
