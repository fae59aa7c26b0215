import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root and the shared reference folder beside it (`../shared`, also on CI). */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const sharedMap = path.resolve(repoRoot, '..', 'shared', 'reference', 'map');
export const hasSharedMap = existsSync(path.join(sharedMap, 'expected-pycocotools.json'));
export const referenceCases = ['case-a', 'case-b-fp-first', 'case-b-tp-first'] as const;
