import { describe, expect, it } from 'vitest';
import { figuresOf } from '../../harness/src/report/figures.js';
import type { ModelMeasurement } from '../../harness/src/results/check-result.js';

const measurement = (model: string, medianMs: number) =>
  ({ model, variant: 'pruned', device: 'xavier-nx', board: 'nx-01', target: 'igpu', runner: 'trtexec', latency: { medianMs, fps: 1000 / medianMs, p99Ms: medianMs * 1.2 } }) as unknown as ModelMeasurement;
const record = (model: string, check: string) => ({ model, check, device: 'xavier-nx', board: 'nx-01', target: 'igpu', project: 'xavier-nx:igpu' });

describe('figures', () => {
  it('a precision row shows its latency against the FP32 row of the same board and target (recorded, not checked)', () => {
    const figures = figuresOf([record('m', 'fps'), record('m@int8', 'fps')], [measurement('m', 4), measurement('m@int8', 2.5)]);
    const ratio = figures.find((f) => f.model === 'm@int8' && f.name === 'latency-vs-fp32')!;
    expect(ratio.value).toBeCloseTo(0.625, 12);
    expect(ratio.unit).toBe('× FP32');
    expect(ratio.note).toBe('median 2.500 ms vs 4.000 ms at FP32, same board and target; recorded, not checked');
    // The FP32 row itself has no such figure; without an FP32 row the figure says so.
    expect(figures.some((f) => f.model === 'm' && f.name === 'latency-vs-fp32')).toBe(false);
    const alone = figuresOf([record('m@fp16', 'fps')], [measurement('m@fp16', 3)]);
    expect(alone.find((f) => f.name === 'latency-vs-fp32')).toMatchObject({ value: null, note: 'not measured: no FP32 latency of m on nx-01 igpu' });
  });
});
