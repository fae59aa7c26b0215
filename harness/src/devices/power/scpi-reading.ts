/**
 * A SCPI meter's numeric reply as watts, or why it is not one. Meters answer in NR1/NR2/NR3 forms
 * (`12`, `12.345`, `+12.345E+00`); `9.9E+37` / `9.91E+37` are SCPI's overrange and not-a-number
 * sentinels (no valid data, e.g. the range is exceeded), never 99 octillion watts. Pure.
 */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export type ScpiReading = { watts: number } | { invalid: string };

export function parseScpiWatts(reply: string): ScpiReading {
  const text = reply.trim();
  if (!NUMBER.test(text)) return { invalid: `not a number: ${JSON.stringify(text.slice(0, 60))}` };
  const value = Number(text);
  if (Math.abs(value) >= 9.9e37) return { invalid: `the meter reports no valid data (${text}: SCPI's overrange / NaN value)` };
  if (value < 0) return { invalid: `negative power: ${text} W (wiring or element setting?)` };
  return { watts: value };
}
