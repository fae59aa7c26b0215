import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellJoin, shellQuote } from './shell-quote.js';

const nasty = [
  'plain',
  'with space',
  "it's",
  'a;b',
  '$(touch /tmp/hil-pwned)',
  '`id`',
  'line1\nline2',
  '"double"',
  '*',
  '',
  '-n',
  "'",
  '\\',
  '$HOME',
  'tab\there',
  'ünïcødé',
];

describe('shellQuote', () => {
  it('keeps plain words unquoted for readable logs', () => {
    expect(shellQuote('model.onnx')).toBe('model.onnx');
    expect(shellQuote('/a/b-c_d')).toBe('/a/b-c_d');
  });

  it('round-trips every nasty argument through a real POSIX shell byte for byte', () => {
    const script = `printf '%s\\0' ${shellJoin(nasty)}`;
    const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(nasty);
  });

  it('refuses NUL, which no argv can carry', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  it('refuses an empty command', () => {
    expect(() => shellJoin([])).toThrow(/empty/);
  });
});
