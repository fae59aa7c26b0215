import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';

/** A copy of a farm inventory with every board's `meter:` entry removed (in `dir`); returns its path. */
export function farmWithoutMeters(farmFile: string, dir: string): string {
  const inventory = parse(readFileSync(farmFile, 'utf8')) as { boards: Array<Record<string, unknown>> };
  for (const b of inventory.boards) delete b.meter;
  const out = path.join(dir, 'farm-no-meter.yaml');
  writeFileSync(out, stringify(inventory));
  return out;
}
