import { describe, expect, it } from 'vitest';
import { budgetsFor, budgetsSchema } from './profile-schema.js';

describe('per-target budgets', () => {
  const budgets = budgetsSchema.parse({ fpsMin: 14, p99MaxMs: 80, powerMaxW: 15, byTarget: { igpu: { fpsMin: 25, p99MaxMs: 40 } } });
  it('a target with its own entry overrides only the limits it names', () => {
    expect(budgetsFor(budgets, 'igpu')).toEqual({ fpsMin: 25, p99MaxMs: 40, powerMaxW: 15 });
  });
  it('other targets use the device limits', () => {
    expect(budgetsFor(budgets, 'cpu')).toEqual({ fpsMin: 14, p99MaxMs: 80, powerMaxW: 15 });
  });
  it('refuses unknown targets and impossible values', () => {
    expect(budgetsSchema.safeParse({ byTarget: { tpu: { fpsMin: 1 } } }).success).toBe(false);
    expect(budgetsSchema.safeParse({ byTarget: { igpu: { p99MaxMs: 0 } } }).success).toBe(false);
  });
});
