/**
 * Python's `'{:0.Nf}'.format(x)` for printing metrics the way pycocotools and voc_eval do.
 * Both Python and JavaScript's toFixed round the exact binary value; they differ only on exact
 * ties (Python: to even, JavaScript: away from zero). A double lies exactly halfway between two
 * N-decimal numbers only when x * 2^(N+1) is an odd integer (0.0625 for N = 3), so only those
 * values are rounded here by hand.
 */
export function formatPythonFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const y = x * 2 ** (digits + 1);
  if (Number.isInteger(y) && y % 2 !== 0) {
    const scale = 10 ** digits;
    const low = Math.floor(Math.abs(x) * scale); // exact: |x| * 10^N is a half-integer here
    const n = low % 2 === 0 ? low : low + 1;
    const sign = x < 0 ? '-' : '';
    const whole = Math.floor(n / scale);
    return digits === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(n % scale).padStart(digits, '0')}`;
  }
  return x.toFixed(digits);
}
