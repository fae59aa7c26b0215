/**
 * Preloaded (`node --import`) into hil's agent on an emulated board whose clock is skewed: one
 * board, one clock. The board's `date` is skewed by its state's clockSkewS (fake-tools), so the
 * agent's wall clock (Date, performance.timeOrigin: the measurement window that tegrastats stamps
 * are matched against) is moved by the same amount, as it would be on a real board whose clock is
 * off. Worker threads and child processes inherit the preload.
 */
const skewMs = Number(process.env.HIL_EMU_CLOCK_SKEW_S ?? 0) * 1000;

if (Number.isFinite(skewMs) && skewMs !== 0) {
  const RealDate = Date;
  const origin = performance.timeOrigin + skewMs;
  Object.defineProperty(performance, 'timeOrigin', { get: () => origin, configurable: true });
  class BoardDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + skewMs);
      else super(...(args as [string | number | Date]));
    }

    static override now(): number {
      return RealDate.now() + skewMs;
    }
  }
  globalThis.Date = BoardDate as DateConstructor;
}

export {};
