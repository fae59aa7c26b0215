/**
 * Reliability matrix, security, through `hil run` on emulated boards: board, model file and
 * workdir names full of shell syntax reach the board intact and inject nothing; every file hil
 * writes on the board lies inside its workdir; and no private key or lease token appears in
 * anything the run leaves behind (console output, Allure results, JUnit, the run folder, error
 * context), failed checks included.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedFarm, type EmulatedFarm } from '../../harness/src/emulator/emulated-farm.js';
import type { TempProject } from '../support/temp-project.js';
import { reliabilityProject, runOnBoards, type FarmRun } from './reliability-project.js';

const BOARD = `tx2 '01' $(touch pwned-board); "x" \`touch pwned-tick\``;
// Model names are refused unless [a-z0-9._-] (they name files); the model's file name is free.
const MODEL = 'tiny-ssd';
const MODEL_FILE = `tiny ssd; $(touch pwned-file) 'x'.onnx`;
const WORKDIR = `~/hil dir $(touch pwned-dir); 'q'`;

let farm: EmulatedFarm;
let project: TempProject;
let run: FarmRun;
const tokens = new Set<string>();
let homeBefore: Set<string>;

function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((p) => path.join(dir, p));
}

beforeAll(async () => {
  farm = await startEmulatedFarm({ boards: 2, upgradedNode: true });
  const inventory = parse(readFileSync(farm.farmFile, 'utf8')) as { boards: Array<Record<string, unknown>> };
  Object.assign(inventory.boards[0]!, { name: BOARD, workdir: WORKDIR });
  writeFileSync(farm.farmFile, stringify(inventory));
  farm.boards[1]!.setState({ runner: 'crash' }); // failed checks: their error texts are scanned too

  project = reliabilityProject({ models: [MODEL], config: '{}' });
  renameSync(path.join(project.dir, 'golden/models/tiny-ssd.onnx'), path.join(project.dir, 'golden/models', MODEL_FILE));
  const manifest = readFileSync(path.join(project.dir, 'golden/models/manifest.yaml'), 'utf8').replaceAll('file: tiny-ssd.onnx', `file: ${JSON.stringify(MODEL_FILE)}`);
  writeFileSync(path.join(project.dir, 'golden/models/manifest.yaml'), manifest);

  const home = farm.boards[0]!.home;
  homeBefore = new Set(tree(home));
  // The lease tokens of the run, read on the board while it runs (its lease folder, /var/lock/hil
  // in the board's root): they must never leave it.
  const leaseDirs = farm.boards.map((b) => path.join(b.sysroot, 'var', 'lock', 'hil'));
  const watcher = setInterval(() => {
    for (const dir of leaseDirs.flatMap(tree).filter((p) => path.basename(p) === 'lease')) {
      try {
        const token = /^token=(.+)$/m.exec(readFileSync(dir, 'utf8'))?.[1];
        if (token) tokens.add(token);
      } catch {
        // replaced while read
      }
    }
  }, 50);
  try {
    run = await runOnBoards(project, farm.farmFile, [BOARD, farm.boards[1]!.name]);
  } finally {
    clearInterval(watcher);
  }
}, 240_000);
afterAll(async () => {
  project?.cleanup();
  await farm?.stop();
});

describe('security', () => {
  it('hostile board, model file and workdir names run as plain data, injecting nothing', () => {
    const hostile = run.on(BOARD);
    expect(hostile.map((c) => [c.model, c.status]), run.stderr.slice(-3000)).toEqual([[MODEL, 'passed']]);
    const everywhere = [...tree(farm.dir), ...tree(project.dir)];
    expect(everywhere.filter((p) => path.basename(p).startsWith('pwned'))).toEqual([]);
    expect(existsSync(path.join(process.cwd(), 'pwned-board'))).toBe(false);
  });

  it('every file hil wrote on the board lies inside its workdir', () => {
    const home = farm.boards[0]!.home;
    const workdir = path.join(home, WORKDIR.slice(2));
    const created = tree(home).filter((p) => !homeBefore.has(p));
    expect(created.length).toBeGreaterThan(0);
    expect(created.filter((p) => p !== workdir && !p.startsWith(`${workdir}${path.sep}`))).toEqual([]);
  });

  it('no private key, lease token or password appears in the console output, reports or run folder', () => {
    expect(tokens.size).toBeGreaterThan(0);
    expect(run.doc.checks.some((c) => c.status === 'broken')).toBe(true);
    const keyBodies = farm.boards.flatMap((b) =>
      readFileSync(b.clientKeyFile, 'utf8')
        .split('\n')
        .filter((line) => line.length > 20 && !line.startsWith('-----')),
    );
    const secrets = [...tokens, ...keyBodies, 'PRIVATE KEY-----'];
    const reports = tree(path.join(project.dir, 'reports')).filter((p) => statSync(p).isFile());
    expect(reports.some((p) => p.includes('allure-results'))).toBe(true);
    expect(reports.some((p) => p.endsWith('junit.xml'))).toBe(true);
    const texts: Array<[string, string]> = [
      ['stdout', run.stdout],
      ['stderr', run.stderr],
      ...reports.map((p): [string, string] => [path.relative(project.dir, p), readFileSync(p).toString('latin1')]),
    ];
    const leaks = texts.flatMap(([where, text]) => secrets.filter((s) => text.includes(s)).map((s) => `${where}: ${s.slice(0, 12)}...`));
    expect(leaks).toEqual([]);
    // Provenance names the lease's run and host (what a human needs), never its token.
    const lease = run.doc.models.find((m) => m.board === BOARD)!.provenance!.lease as { holder: Record<string, unknown> };
    expect(Object.keys(lease.holder).sort()).toEqual(['ciJob', 'host', 'leaseId', 'pid', 'runId']);
  });
});
