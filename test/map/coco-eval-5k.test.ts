import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCoco } from '../../harness/src/metrics/coco-eval.js';
import { sharedMap } from './reference-paths.js';

// The COCO-size case of ../shared/reference/map/README.md: gen_case.py with its defaults, checked
// by md5, scored by pycocotools 2.0.11 to the stats below (quoted from that README).
const MD5 = { 'gt.json': '6715510201c9956c04a69a7aa0738b45', 'dt.json': '0ce023d5a13c02bdd8a0387299da4208' };
const PYCOCOTOOLS_STATS = [
  0.1245240125741787, 0.2671386774838129, 0.09915915794916685, 0.15641457531865643, 0.12725755008021614,
  0.11522232668632171, 0.2154884761791287, 0.2729889115159883, 0.27466592497796927, 0.27953146723902345,
  0.26153401074075466, 0.2768417330842792,
];
const PYTHON = '/usr/bin/python3';
const generator = path.join(sharedMap, 'gen_case.py');

function md5(file: string): string {
  return createHash('md5').update(readFileSync(file)).digest('hex');
}

function whyUnavailable(): string | null {
  if (!existsSync(generator)) return `${generator} not found`;
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' });
  return probe.status === 0 ? null : `numpy is not importable by ${PYTHON} (apt-get install python3-numpy)`;
}

/** Generates the case once per machine into the temp folder (17 s), re-generating if an md5 differs. */
function ensureCase(): string {
  const dir = path.join(tmpdir(), 'hil-map-coco5k-seed0');
  const valid = () => Object.entries(MD5).every(([name, sum]) => existsSync(path.join(dir, name)) && md5(path.join(dir, name)) === sum);
  if (valid()) return dir;
  const staging = `${dir}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const run = spawnSync(PYTHON, [generator, '--out', staging, '--seed', '0'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`gen_case.py failed: ${run.stderr}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  renameSync(staging, dir);
  return dir;
}

const unavailable = whyUnavailable();

describe('COCO mAP on the 5k generated case (500,000 detections)', () => {
  it.skipIf(unavailable !== null)(`matches pycocotools to 1e-9${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    const dir = ensureCase();
    for (const [name, sum] of Object.entries(MD5)) expect(md5(path.join(dir, name)), `${name} md5`).toBe(sum);
    const gt = JSON.parse(readFileSync(path.join(dir, 'gt.json'), 'utf8'));
    const dt = JSON.parse(readFileSync(path.join(dir, 'dt.json'), 'utf8'));
    expect(dt).toHaveLength(500_000);
    const { stats } = evaluateCoco(gt, dt);
    stats.forEach((v, i) =>
      expect(Math.abs(v - PYCOCOTOOLS_STATS[i]!), `stats[${i}]: ${v} vs ${PYCOCOTOOLS_STATS[i]}`).toBeLessThanOrEqual(1e-9),
    );
  });
});
