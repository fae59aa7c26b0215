#!/usr/bin/env node
// The `hil` bin. A committed shim, so npm can link `node_modules/.bin/hil` at install time,
// before `prepare` has compiled harness/dist.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('hil: harness/dist is missing; build it with `npm run build` (npm install does this)\n');
  process.exit(3);
}
await import(main.href);
