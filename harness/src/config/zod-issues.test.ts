import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodIssuesToConfigIssues } from './zod-issues.js';
import { closestKey } from './closest-key.js';

describe('zodIssuesToConfigIssues', () => {
  const schema = z.strictObject({
    budgets: z.strictObject({ fpsMin: z.number().positive().optional(), powerMaxW: z.number().positive().optional() }),
    models: z.array(z.strictObject({ name: z.string() })),
  });

  it('names the file, the dotted path, the value received and the closest known key', () => {
    const data = { budgets: { fpsMn: 14, powerMaxW: -1 }, models: [{ name: 'a' }, { name: 3 }] };
    const result = schema.safeParse(data);
    expect(result.success).toBe(false);
    const issues = zodIssuesToConfigIssues('devices/jetson2.yaml', schema, data, result.error!);
    const text = issues.map((i) => `${i.file}: ${i.path}: ${i.message}`);
    expect(text).toContainEqual(expect.stringMatching(/^devices\/jetson2\.yaml: budgets\.fpsMn: unknown key \(did you mean "fpsMin"\?\)/));
    expect(text).toContainEqual(expect.stringMatching(/^devices\/jetson2\.yaml: budgets\.powerMaxW: .*received -1$/));
    expect(text).toContainEqual(expect.stringMatching(/^devices\/jetson2\.yaml: models\[1\]\.name: .*received 3$/));
  });

  it('suggests nothing for keys far from every known one', () => {
    expect(closestKey('zzzzzz', ['fpsMin', 'powerMaxW'])).toBeUndefined();
    expect(closestKey('p99maxms', ['p99MaxMs', 'fpsMin'])).toBe('p99MaxMs');
  });
});
