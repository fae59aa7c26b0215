#!/usr/bin/env node
/**
 * The emulated board's `nvpmodel` and `jetson_clocks` (first argument names the tool). Like the
 * real ones, changing modes or clocks needs root: the board's fake `sudo` sets HIL_EMU_ROOT.
 */
import { BoardLoadMeter } from './cpu-load.js';
import { readBoardState, writeBoardState } from './board-state-file.js';
import { jetsonClocksShow, nvpmodelQuery } from './jetson-tools-output.js';
import { boardModelOrTx2 } from './board-models.js';

const [tool, ...args] = process.argv.slice(2);
const stateFile = process.env.HIL_EMU_STATE ?? '';
const isRoot = process.env.HIL_EMU_ROOT === '1' || process.getuid?.() === 0;
const state = readBoardState(stateFile);
const model = boardModelOrTx2(state.type);

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

if (tool === 'nvpmodel') {
  if (args.includes('-q') || args.includes('--query')) {
    process.stdout.write(nvpmodelQuery(model, state));
  } else if (args.includes('-m')) {
    const id = Number(args[args.indexOf('-m') + 1]);
    if (!model.modes.some((m) => m.id === id)) fail(`NVPM ERROR: Invalid mode id ${args[args.indexOf('-m') + 1] ?? ''}`);
    if (!isRoot) fail('NVPM ERROR: Error opening /sys/devices/system/cpu/cpu0/online: 13 (permission denied)');
    // Changing the power mode resets the clocks: jetson_clocks has to run again afterwards.
    writeBoardState(stateFile, { ...state, nvpmodel: id, clocksMax: false });
  } else {
    fail('usage: nvpmodel [-q] [-m <mode id>]', 2);
  }
} else if (tool === 'jetson_clocks') {
  if (!isRoot) fail(`Error: Run this script(${process.env.HIL_EMU_TOOL_PATH ?? '/usr/bin/jetson_clocks'}) as a root user`);
  if (args.includes('--show')) {
    const meter = new BoardLoadMeter(`HIL_EMU_STATE=${stateFile}`);
    meter.sample();
    setTimeout(() => process.stdout.write(jetsonClocksShow(model, state, meter.sample())), 100);
  } else if (args.includes('--restore')) {
    writeBoardState(stateFile, { ...state, clocksMax: false });
  } else if (args.includes('--store')) {
    // the real tool saves the current clocks to a file; nothing to keep here
  } else {
    writeBoardState(stateFile, { ...state, clocksMax: true });
  }
} else {
  fail(`unknown emulated tool ${tool ?? ''}`, 2);
}
