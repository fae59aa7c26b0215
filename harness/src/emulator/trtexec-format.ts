/**
 * What trtexec prints after a timing run, and its `--exportTimes` JSON, from a trace of queries
 * the emulated board really ran, in the layout of the board's TensorRT release. Layout and
 * arithmetic follow trtexec's sampleReporting.cpp: warm-ups are the queries whose compute started
 * before `--warmUp`; percentiles drop `int((1 - p/100) * n)` of the sorted values from the top;
 * numbers print like a C++ stream (6 significant digits). Releases differ in three places:
 * - 8.2 also reports End-to-End Host Latency (last H2D start to D2H end of a query), in the trace
 *   averages, the summary and the exported times;
 * - 8.4 dropped it; up to 8.5 `--percentile` takes one value (default 99);
 * - 8.6 takes a list (default 90,95,99).
 * Pure.
 */
import type { TrtexecDialect } from './board-model.js';

/** One query, times in ms from the start of inference (trtexec's InferenceTrace). */
export interface QueryTrace {
  enqStart: number;
  enqEnd: number;
  h2dStart: number;
  h2dEnd: number;
  computeStart: number;
  computeEnd: number;
  d2hStart: number;
  d2hEnd: number;
}

/** A number as `std::ostream << float` prints it (%g, precision 6). */
export function cppFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  const [mantissa, exponent] = x.toExponential(5).split('e') as [string, string];
  const exp = Number(exponent);
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 6) return `${strip(mantissa)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return strip(x.toFixed(5 - exp));
}

/** `[10/03/2024-10:47:59] [I] ` in the board's local time. */
export function logPrefix(date: Date, severity: 'I' | 'W' | 'E' = 'I'): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `[${p(date.getMonth() + 1)}/${p(date.getDate())}/${date.getFullYear()}-${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}] [${severity}] `;
}

interface Timing {
  enq: number;
  h2d: number;
  compute: number;
  d2h: number;
  latency: number;
  e2e: number;
}

function timing(t: QueryTrace): Timing {
  const h2d = t.h2dEnd - t.h2dStart;
  const compute = t.computeEnd - t.computeStart;
  const d2h = t.d2hEnd - t.d2hStart;
  return { enq: t.enqEnd - t.enqStart, h2d, compute, d2h, latency: h2d + compute + d2h, e2e: t.d2hEnd - t.h2dStart };
}

/** `--percentile` as the release reads it: a list from 8.6, one value before. */
export function parsePercentiles(raw: string | undefined, dialect: TrtexecDialect): number[] | null {
  if (raw === undefined) return dialect === '8.6+' ? [90, 95, 99] : [99];
  const list = raw.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (list.some((p) => !(p >= 0 && p <= 100))) return null;
  if (dialect !== '8.6+' && list.length !== 1) return null;
  return list;
}

/** trtexec's split of a trace: warm-ups are the queries whose compute started before warmUpMs. */
export function splitWarmups(trace: readonly QueryTrace[], warmUpMs: number): { warmups: number; timed: QueryTrace[] } {
  const first = trace.findIndex((t) => t.computeStart >= warmUpMs);
  const warmups = first === -1 ? trace.length : first;
  return { warmups, timed: trace.slice(warmups) };
}

function stats(values: number[], percentiles: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const pct = (p: number) => sorted[Math.max(n - 1 - Math.trunc((1 - p / 100) * n), 0)]!;
  const parts = [`min = ${cppFloat(sorted[0]!)} ms`, `max = ${cppFloat(sorted[n - 1]!)} ms`, `mean = ${cppFloat(mean)} ms`, `median = ${cppFloat(median)} ms`];
  for (const p of percentiles) parts.push(`percentile(${cppFloat(p)}%) = ${cppFloat(pct(p))} ms`);
  return parts.join(', ');
}

/**
 * The report trtexec prints once inference ends: prolog, trace averages, performance summary
 * (lines without their log prefix). Needs at least one timed query.
 */
export function performanceReport(trace: readonly QueryTrace[], options: { warmUpMs: number; avgRuns: number; percentiles: readonly number[]; dialect?: TrtexecDialect }): string[] {
  const e2e = options.dialect === '8.2';
  const { warmups, timed } = splitWarmups(trace, options.warmUpMs);
  const timings = timed.map(timing);
  const benchMs = trace[trace.length - 1]!.d2hEnd - timed[0]!.h2dStart;
  const lines = [`Warmup completed ${warmups} queries over ${cppFloat(options.warmUpMs)} ms`, `Timing trace has ${timed.length} queries over ${cppFloat(benchMs / 1000)} s`, '', '=== Trace details ===', `Trace averages of ${options.avgRuns} runs:`];
  for (let i = 0; i + options.avgRuns <= timings.length; i += options.avgRuns) {
    const chunk = timings.slice(i, i + options.avgRuns);
    const avg = (f: (t: Timing) => number) => cppFloat(chunk.reduce((a, t) => a + f(t), 0) / options.avgRuns);
    const tail = e2e ? `end to end ${avg((t) => t.e2e)} ms, enqueue ${avg((t) => t.enq)} ms` : `enqueue ${avg((t) => t.enq)} ms`;
    lines.push(`Average on ${options.avgRuns} runs - GPU latency: ${avg((t) => t.compute)} ms - Host latency: ${avg((t) => t.latency)} ms (${tail})`);
  }
  const computeMean = timings.reduce((a, t) => a + t.compute, 0) / timings.length;
  lines.push(
    '',
    '=== Performance summary ===',
    `Throughput: ${cppFloat((timings.length / benchMs) * 1000)} qps`,
    `Latency: ${stats(timings.map((t) => t.latency), options.percentiles)}`,
    ...(e2e ? [`End-to-End Host Latency: ${stats(timings.map((t) => t.e2e), options.percentiles)}`] : []),
    `Enqueue Time: ${stats(timings.map((t) => t.enq), options.percentiles)}`,
    `H2D Latency: ${stats(timings.map((t) => t.h2d), options.percentiles)}`,
    `GPU Compute Time: ${stats(timings.map((t) => t.compute), options.percentiles)}`,
    `D2H Latency: ${stats(timings.map((t) => t.d2h), options.percentiles)}`,
    `Total Host Walltime: ${cppFloat(benchMs / 1000)} s`,
    `Total GPU Compute Time: ${cppFloat((computeMean * timings.length) / 1000)} s`,
    'Explanations of the performance metrics are printed in the verbose logs.',
    '',
  );
  return lines;
}

/** `--exportTimes` as trtexec writes it: the timed queries only, one object per line (8.2 adds endToEndMs). */
export function exportTimesJson(trace: readonly QueryTrace[], warmUpMs: number, dialect: TrtexecDialect = '8.6+'): string {
  const { timed } = splitWarmups(trace, warmUpMs);
  const rows = timed.map((t, i) => {
    const it = timing(t);
    const f = cppFloat;
    const sep = ', ';
    return `${i === 0 ? '  ' : ', '}{ "startEnqMs" : ${f(t.enqStart)}${sep}"endEnqMs" : ${f(t.enqEnd)}${sep}"startH2dMs" : ${f(t.h2dStart)}${sep}"endH2dMs" : ${f(t.h2dEnd)}${sep}"startComputeMs" : ${f(t.computeStart)}${sep}"endComputeMs" : ${f(t.computeEnd)}${sep}"startD2hMs" : ${f(t.d2hStart)}${sep}"endD2hMs" : ${f(t.d2hEnd)}${sep}"h2dMs" : ${f(it.h2d)}${sep}"computeMs" : ${f(it.compute)}${sep}"d2hMs" : ${f(it.d2h)}${sep}"latencyMs" : ${f(it.latency)}${dialect === '8.2' ? `${sep}"endToEndMs" : ${f(it.e2e)}` : ''} }`;
  });
  return `[\n${rows.map((r) => `${r}\n`).join('')}]\n`;
}
