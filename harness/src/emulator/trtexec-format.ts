/**
 * What TensorRT 8.6's trtexec prints after a timing run, and its `--exportTimes` JSON, from a
 * trace of queries the emulated board really ran. Layout and arithmetic follow trtexec's
 * sampleReporting.cpp (8.6): warm-ups are the queries whose compute started before `--warmUp`;
 * percentiles drop `int((1 - p/100) * n)` of the sorted values from the top; numbers print like
 * a C++ stream (6 significant digits). Pure.
 */

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
}

function timing(t: QueryTrace): Timing {
  const h2d = t.h2dEnd - t.h2dStart;
  const compute = t.computeEnd - t.computeStart;
  const d2h = t.d2hEnd - t.d2hStart;
  return { enq: t.enqEnd - t.enqStart, h2d, compute, d2h, latency: h2d + compute + d2h };
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
 * The report trtexec 8.6 prints once inference ends: prolog, trace averages, performance summary
 * (lines without their log prefix). Needs at least one timed query.
 */
export function performanceReport(trace: readonly QueryTrace[], options: { warmUpMs: number; avgRuns: number; percentiles: readonly number[] }): string[] {
  const { warmups, timed } = splitWarmups(trace, options.warmUpMs);
  const timings = timed.map(timing);
  const benchMs = trace[trace.length - 1]!.d2hEnd - timed[0]!.h2dStart;
  const lines = [`Warmup completed ${warmups} queries over ${cppFloat(options.warmUpMs)} ms`, `Timing trace has ${timed.length} queries over ${cppFloat(benchMs / 1000)} s`, '', '=== Trace details ===', `Trace averages of ${options.avgRuns} runs:`];
  for (let i = 0; i + options.avgRuns <= timings.length; i += options.avgRuns) {
    const chunk = timings.slice(i, i + options.avgRuns);
    const avg = (f: (t: Timing) => number) => cppFloat(chunk.reduce((a, t) => a + f(t), 0) / options.avgRuns);
    lines.push(`Average on ${options.avgRuns} runs - GPU latency: ${avg((t) => t.compute)} ms - Host latency: ${avg((t) => t.latency)} ms (enqueue ${avg((t) => t.enq)} ms)`);
  }
  const computeMean = timings.reduce((a, t) => a + t.compute, 0) / timings.length;
  lines.push(
    '',
    '=== Performance summary ===',
    `Throughput: ${cppFloat((timings.length / benchMs) * 1000)} qps`,
    `Latency: ${stats(timings.map((t) => t.latency), options.percentiles)}`,
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

/** `--exportTimes` as trtexec 8.6 writes it: the timed queries only, one object per line. */
export function exportTimesJson(trace: readonly QueryTrace[], warmUpMs: number): string {
  const { timed } = splitWarmups(trace, warmUpMs);
  const rows = timed.map((t, i) => {
    const it = timing(t);
    const f = cppFloat;
    const sep = ', ';
    return `${i === 0 ? '  ' : ', '}{ "startEnqMs" : ${f(t.enqStart)}${sep}"endEnqMs" : ${f(t.enqEnd)}${sep}"startH2dMs" : ${f(t.h2dStart)}${sep}"endH2dMs" : ${f(t.h2dEnd)}${sep}"startComputeMs" : ${f(t.computeStart)}${sep}"endComputeMs" : ${f(t.computeEnd)}${sep}"startD2hMs" : ${f(t.d2hStart)}${sep}"endD2hMs" : ${f(t.d2hEnd)}${sep}"h2dMs" : ${f(it.h2d)}${sep}"computeMs" : ${f(it.compute)}${sep}"d2hMs" : ${f(it.d2h)}${sep}"latencyMs" : ${f(it.latency)} }`;
  });
  return `[\n${rows.map((r) => `${r}\n`).join('')}]\n`;
}
