/** Monotonic nanoseconds for timing; epoch milliseconds for windows that power samples align to. */
export const nowNs = (): bigint => process.hrtime.bigint();
export const epochMs = (): number => performance.timeOrigin + performance.now();
export const nsToMs = (ns: bigint): number => Number(ns) / 1e6;

export type ProgressFn = (p: { phase: string; done: number; target: number; elapsedMs: number }) => void;
