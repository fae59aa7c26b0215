import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerPower } from '../../harness/src/cli/commands/power.js';
import { parseTegrastatsLog, summarizeTegrastats } from '../../harness/src/devices/power/tegrastats-log.js';
import { summarizeTegrastatsLog } from '../../harness/src/devices/power/summarize-tegrastats-log.js';
import { ConfigError, exitCodeFor } from '../../harness/src/errors.js';

const tx2 = (vin: number, cpu: number, gpu: number): string =>
  `RAM 2020/7852MB (lfb 1164x4MB) CPU [9%@345,21%@345,25%@345,3%@345,1%@345,1%@345] EMC_FREQ 0% GR3D_FREQ 0% ` +
  `GPU@41C VDD_SYS_GPU ${gpu}/158 VDD_IN ${vin}/3208 VDD_SYS_CPU ${cpu}/590`;
const xavier = (gpu: number, cpu: number, soc: number): string =>
  `RAM 14700/15692MB CPU [0%@1190,0%@1190] EMC_FREQ 0% GR3D_FREQ 0% GPU@30.5C GPU ${gpu}/463 CPU ${cpu}/618 SOC ${soc}/2936`;

const dir = mkdtempSync(path.join(tmpdir(), 'hil-tegrastats-'));
function logFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('tegrastats log summary', () => {
  it('uses VDD_IN as the total and summarises every rail (mean and max W)', () => {
    const samples = parseTegrastatsLog([tx2(3000, 500, 100), tx2(5000, 1500, 300), '', tx2(4000, 1000, 200)].join('\n'), 'x.log');
    expect(samples.map((s) => s.line)).toEqual([1, 2, 4]);
    const summary = summarizeTegrastats(samples.map((s) => s.sample));
    expect(summary.samples).toBe(3);
    expect(summary.total).toEqual({ source: 'VDD_IN', meanW: 4, maxW: 5 });
    expect(summary.rails.VDD_SYS_CPU).toEqual({ meanW: 1, maxW: 1.5 });
    expect(summary.rails.VDD_SYS_GPU!.meanW).toBeCloseTo(0.2, 12);
  });

  it('sums the rails where there is no input rail, leaving out a line cut short', () => {
    const text = [xavier(1000, 2000, 3000), xavier(2000, 2000, 4000), 'RAM 14700/15692MB CPU [0%@1190,0%@1190] EMC_FREQ 0% GR3D_FREQ 0% GPU 100/463'].join('\n');
    const summary = summarizeTegrastats(parseTegrastatsLog(text, 'x.log').map((s) => s.sample));
    expect(summary.samples).toBe(3);
    expect(summary.total).toEqual({ source: 'sum', meanW: 7, maxW: 8 });
    // The cut line still counts for the rail it did print.
    expect(summary.rails.GPU!.maxW).toBe(2);
    // Rounded to µW (tegrastats reads whole mW).
    expect(summary.rails.GPU!.meanW).toBe(1.033333);
  });

  it('a log without rails has total null and no rails, never 0 W', () => {
    const text = 'RAM 2020/7852MB CPU [9%@345] EMC_FREQ 0% GR3D_FREQ 0%\nRAM 2021/7852MB CPU [8%@345] EMC_FREQ 0% GR3D_FREQ 0%\n';
    expect(summarizeTegrastats(parseTegrastatsLog(text, 'x.log').map((s) => s.sample))).toEqual({ samples: 2, total: null, rails: {} });
  });

  it('names file and line of a line that is not tegrastats output', () => {
    expect(() => parseTegrastatsLog(`${tx2(1, 1, 1)}\nSegmentation fault\n`, 'run.log')).toThrowError(
      'run.log:2: not a tegrastats line: "Segmentation fault"',
    );
    expect(() => parseTegrastatsLog('\n\n', 'empty.log')).toThrowError('empty.log: no tegrastats lines in the file');
  });

  it('reads a file; a missing file or a binary file is a config error (exit 3) naming it', async () => {
    const file = logFile('ok.log', `${tx2(3000, 1, 1)}\n${tx2(5000, 1, 1)}\n`);
    expect((await summarizeTegrastatsLog(file)).total).toEqual({ source: 'VDD_IN', meanW: 4, maxW: 5 });
    const missing = path.join(dir, 'nope.log');
    await expect(summarizeTegrastatsLog(missing)).rejects.toThrowError(`${missing}: no such file`);
    await expect(summarizeTegrastatsLog(missing)).rejects.toBeInstanceOf(ConfigError);
    await expect(summarizeTegrastatsLog(dir)).rejects.toThrowError(`${dir}: is a directory`);
    await expect(summarizeTegrastatsLog(logFile('bin.log', 'RAM\u0000\u0001'))).rejects.toThrowError('binary file');
    const err = await summarizeTegrastatsLog(missing).catch((e: unknown) => e);
    expect(exitCodeFor(err)).toBe(3);
  });

  it('summarises the whole reference file (five boards)', async () => {
    const file = path.join(import.meta.dirname, 'fixtures', 'jetson', 'tegrastats-samples.txt');
    const summary = await summarizeTegrastatsLog(file);
    expect(summary.samples).toBe(5);
    // TX2 (both JetPacks) print VDD_IN, so the log's total is VDD_IN over the two lines that have it.
    expect(summary.total).toEqual({ source: 'VDD_IN', meanW: (1.931 + 3.14) / 2, maxW: 3.14 });
    expect(summary.rails.POM_5V_IN).toEqual({ meanW: 4.531, maxW: 4.531 });
  });
});

describe('hil power summarize', () => {
  let out = '';
  beforeEach(() => {
    out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  async function run(args: string[]): Promise<number | null> {
    let code: number | null = null;
    const program = new Command('hil').exitOverride();
    registerPower(program, (c) => {
      code = c;
    });
    await program.parseAsync(['node', 'hil', ...args]);
    return code;
  }

  it('--json prints exactly {samples, total, rails}', async () => {
    const file = logFile('cli.log', `${tx2(3000, 500, 100)}\n${tx2(5000, 1500, 300)}\n`);
    expect(await run(['power', 'summarize', file, '--json'])).toBe(0);
    expect(out).toBe(
      '{"samples":2,"total":{"source":"VDD_IN","meanW":4,"maxW":5},' +
        '"rails":{"VDD_SYS_GPU":{"meanW":0.2,"maxW":0.3},"VDD_IN":{"meanW":4,"maxW":5},"VDD_SYS_CPU":{"meanW":1,"maxW":1.5}}}\n',
    );
  });

  it('prints a readable summary and says "not measured" for a log without rails', async () => {
    const file = logFile('norails.log', 'RAM 2020/7852MB CPU [9%@345] GR3D_FREQ 0%\n');
    await run(['power', 'summarize', file]);
    expect(out).toContain('norails.log: 1 sample\n');
    expect(out).toContain('total: not measured');
    out = '';
    await run(['power', 'summarize', file, '--json']);
    expect(JSON.parse(out)).toEqual({ samples: 1, total: null, rails: {} });
  });
});
