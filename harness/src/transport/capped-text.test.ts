import { describe, expect, it } from 'vitest';
import { CappedText } from './capped-text.js';

describe('CappedText', () => {
  it('keeps everything under the cap', () => {
    const t = new CappedText(100);
    t.push('hello ');
    t.push(Buffer.from('wörld'));
    expect(t.toString()).toBe('hello wörld');
    expect(t.droppedBytes).toBe(0);
  });

  it('keeps the head and the tail of a runaway stream, and says how much it left out', () => {
    const t = new CappedText(40);
    t.push('HEAD-0123\n');
    for (let i = 0; i < 1000; i += 1) t.push(`line ${i}\n`);
    t.push('the real error\n');
    const text = t.toString();
    expect(text.startsWith('HEAD-0123\n')).toBe(true);
    expect(text.endsWith('the real error\n')).toBe(true);
    const total = 10 + Array.from({ length: 1000 }, (_, i) => `line ${i}\n`.length).reduce((a, b) => a + b, 0) + 15;
    expect(t.droppedBytes).toBe(total - 40);
    expect(text).toContain(`[... ${total - 40} bytes of output left out ...]`);
  });
});
