/**
 * Black box: hil keeps its cache on a board within the profile's budget. When a run leases the
 * board it evicts the least recently used entries (models, engines, agent builds) and sweeps what
 * killed runs left behind, and says what it did in the run's provenance. Entries a run uses are
 * touched, so they are the last to go.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempProject, runHil, type TempProject } from '../support/temp-project.js';
import { startTestFarm, type TestFarm } from './farm-fixture.js';

let t: TestFarm;
let project: TempProject;
beforeAll(async () => {
  t = await startTestFarm(1);
  project = createTempProject({ config: "export default { singleStream: { warmup: 2, minQueries: 32, minDurationMs: 200 } };\n" });
  // A 3 MB budget for this type's boards.
  const profile = readFileSync(path.join(project.dir, 'devices', 'jetson2.yaml'), 'utf8');
  project.write('devices/jetson2.yaml', `${profile}\ncache:\n  maxMb: 3\n`);
}, 120_000);
afterAll(async () => {
  project?.cleanup();
  await t?.stop();
});

const sh = async (script: string): Promise<string> => {
  const board = t.open('tx2-01');
  const r = await board.transport.exec(['sh', '-c', `cd "$1" && ${script}`, 'sh', board.transport.workdir], { stage: 'test', timeoutMs: 20_000 });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout;
};

describe('on-board cache budget', () => {
  it('evicts least recently used entries to fit, sweeps leftovers of killed runs, keeps a live run\'s files', async () => {
    await sh([
      'mkdir -p cache engines jobs/dead power/dead jobs/live',
      'head -c 2097152 /dev/zero > cache/old-model',
      'head -c 2097152 /dev/zero > cache/older-model',
      'head -c 1048576 /dev/zero > engines/old.engine',
      'head -c 1024 /dev/zero > cache/.upload-0123456789abcdef-x',
      "touch -d '10 days ago' cache/older-model jobs/dead power/dead cache/.upload-0123456789abcdef-x",
      "touch -d '8 days ago' engines/old.engine",
      "touch -d '5 days ago' cache/old-model",
    ].join(' && '));
    const result = await runHil(project.dir, ['run', '--farm', t.emulated.farmFile, '--device', 'jetson2', '--target', 'cpu', '--model', 'tiny-ssd', '--grep', 'p99', '--json']);
    expect([0, 1], result.stderr.slice(-2000)).toContain(result.code);
    const doc = JSON.parse(result.stdout) as { models: Array<{ provenance: { cache?: unknown } | null }> };
    // 5 MB listed against 3 MB: the oldest use (10 days) goes, and nothing else.
    expect(doc.models[0]!.provenance!.cache).toEqual({ evicted: ['cache/older-model'], freedMb: 2, keptMb: 3, maxMb: 3, staleRemoved: 3 });
    const left = (await sh('ls -a cache engines jobs power 2>/dev/null')).split(/\s+/);
    expect(left).not.toContain('older-model');
    expect(left).not.toContain('dead');
    expect(left).not.toContain('.upload-0123456789abcdef-x');
    expect(left).toEqual(expect.arrayContaining(['old-model', 'old.engine', 'live']));
  }, 180_000);

  it('the next lease evicts the stale entries before what the last run used (touched on use)', async () => {
    const result = await runHil(project.dir, ['run', '--farm', t.emulated.farmFile, '--device', 'jetson2', '--target', 'cpu', '--model', 'tiny-ssd', '--grep', 'p99', '--json']);
    expect([0, 1], result.stderr.slice(-2000)).toContain(result.code);
    const cache = (JSON.parse(result.stdout) as { models: Array<{ provenance: { cache: { evicted: string[]; keptMb: number } } }> }).models[0]!.provenance.cache;
    // The first run deployed the agent, the model and its tensors, which put the cache over budget:
    // the 8-day-old engine goes first, then the 5-day-old model, and only then (if the run's own
    // files alone exceed the budget) anything the last run used.
    const old = ['engines/old.engine', 'cache/old-model'];
    expect(cache.evicted[0]).toBe('engines/old.engine');
    const firstRecent = cache.evicted.findIndex((p) => !old.includes(p));
    if (firstRecent !== -1) expect(cache.evicted.slice(0, firstRecent)).toEqual(old);
    expect(cache.keptMb).toBeLessThanOrEqual(3);
    const left = await sh('ls cache agent');
    expect(left.split('\n').filter((l) => /^[0-9a-f]{64}$/.test(l)).length).toBeGreaterThan(0);
  }, 180_000);
});
