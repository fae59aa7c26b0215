/** Monotonic nanoseconds for timing; epoch milliseconds for windows that power samples align to. */
export const nowNs = (): bigint => process.hrtime.bigint();
export const epochMs = (): number => performance.timeOrigin + performance.now();
export const nsToMs = (ns: bigint): number => Number(ns) / 1e6;

export type ProgressFn = (p: { phase: string; done: number; target: number; elapsedMs: number }) => void;

/** What a measurement loop listens to besides its parameters. */
export interface LoopHooks {
  onProgress?: ProgressFn;
  /** Checked between inferences (never inside one: session.run cannot be interrupted safely). */
  signal?: AbortSignal;
}
