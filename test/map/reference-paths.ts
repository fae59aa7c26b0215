import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root. */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const shared = path.resolve(repoRoot, '..', 'shared', 'reference', 'map');
// A verbatim copy of the shared pycocotools cases travels with the repository, so a clone
// without ../shared still runs the exact-match tests; ../shared wins where it exists.
const vendored = path.join(repoRoot, 'test', 'fixtures', 'map-reference');
export const sharedMap = existsSync(path.join(shared, 'expected-pycocotools.json')) ? shared : vendored;
export const hasSharedMap = existsSync(path.join(sharedMap, 'expected-pycocotools.json'));
export const referenceCases = ['case-a', 'case-b-fp-first', 'case-b-tp-first'] as const;
