import type { ResolvedModel } from './device-session.js';

/** Whether two versions of a model take the same input tensors (so one prepared set serves both). */
export function sameInput(a: ResolvedModel, b: ResolvedModel): boolean {
  return JSON.stringify(a.spec.input) === JSON.stringify(b.spec.input);
}
