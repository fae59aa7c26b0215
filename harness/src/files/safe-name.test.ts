import { describe, expect, it } from 'vitest';
import { safeFileName } from './safe-name.js';

describe('safeFileName', () => {
  it('keeps the readable part and never lets two names collide', () => {
    expect(safeFileName('tx2-01--vgg-ssd-mini')).toMatch(/^tx2-01--vgg-ssd-mini-[0-9a-f]{10}$/);
    expect(safeFileName('tx2/01')).not.toBe(safeFileName('tx2_01'));
    expect(safeFileName('a b')).not.toBe(safeFileName('a_b'));
    expect(safeFileName('x'.repeat(500)).length).toBeLessThanOrEqual(91);
    expect(safeFileName('x'.repeat(500))).not.toBe(safeFileName('x'.repeat(501)));
  });
  it('never makes a hidden or relative name', () => {
    expect(safeFileName('..')).not.toMatch(/^\./);
    expect(safeFileName('../../etc/passwd')).not.toContain('/');
  });
});
