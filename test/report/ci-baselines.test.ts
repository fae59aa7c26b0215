/**
 * The CI's stored baselines (scripts/ci-baselines.sh, used by the model-regression workflow): an
 * accepted run goes to the `hil-baselines` branch of the remote, a later job restores it; a run
 * hil refuses (emulated, invalid) is not accepted and fails nothing. Real git, a bare "origin".
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempProject, repoRoot, type TempProject } from '../support/temp-project.js';

let origin: string;
let project: TempProject;
const sh = (cwd: string, args: string[]) => execFileSync('bash', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'ci', GIT_AUTHOR_EMAIL: 'ci@example.com' } });
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, '-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], { encoding: 'utf8' });

function writeRun(dir: string, runId: string, emulated: boolean): void {
  const m = {
    model: 'tiny-ssd', variant: 'baseline', device: 'jetson2', board: 'tx2-01', target: 'cpu', runner: 'ort-agent', power: null, provenance: {}, emulated,
    latency: { n: 3, minMs: 1, medianMs: 2, meanMs: 2, p90Ms: 3, p99Ms: 3, maxMs: 3, fps: 500, medianCi95Ms: [1, 3], durationMs: 6, samplesMs: [1, 2, 3] },
  };
  mkdirSync(path.join(dir, 'reports', 'runs', runId, 'measurements'), { recursive: true });
  writeFileSync(path.join(dir, 'reports', 'runs', runId, 'measurements', 'm.json'), JSON.stringify(m));
  writeFileSync(path.join(dir, 'reports', 'latest-run'), `${runId}\n`);
}

beforeAll(() => {
  origin = mkdtempSync(path.join(os.tmpdir(), 'hil-origin-'));
  execFileSync('git', ['init', '-q', '--bare', origin]);
  project = createTempProject();
  mkdirSync(path.join(project.dir, 'scripts'));
  cpSync(path.join(repoRoot, 'scripts', 'ci-baselines.sh'), path.join(project.dir, 'scripts', 'ci-baselines.sh'));
  project.write('.gitignore', 'node_modules\nreports/\ngolden/baselines/\n');
  git(project.dir, 'init', '-q', '-b', 'main');
  git(project.dir, 'add', '-A');
  git(project.dir, 'commit', '-q', '-m', 'project');
  git(project.dir, 'remote', 'add', 'origin', origin);
  git(project.dir, 'push', '-q', 'origin', 'main');
});
afterAll(() => {
  project?.cleanup();
  rmSync(origin, { recursive: true, force: true });
});

describe('stored baselines on the hil-baselines branch', () => {
  it('restore with no branch yet is fine', () => {
    expect(sh(project.dir, ['scripts/ci-baselines.sh', 'restore', 'jetson2'])).toContain('no stored baselines on origin/hil-baselines yet');
  });

  it('accept pushes the accepted run; a fresh clone restores it', () => {
    writeRun(project.dir, 'run-1', false);
    expect(sh(project.dir, ['scripts/ci-baselines.sh', 'accept', 'jetson2'])).toContain('baselines of jetson2 pushed to origin/hil-baselines');
    expect(git(origin, 'ls-tree', '-r', '--name-only', 'hil-baselines')).toBe('golden/baselines/jetson2/tiny-ssd.json\n');
    const clone = mkdtempSync(path.join(os.tmpdir(), 'hil-clone-'));
    try {
      git(clone, 'clone', '-q', origin, 'p');
      const dir = path.join(clone, 'p');
      mkdirSync(path.join(dir, 'scripts'), { recursive: true });
      cpSync(path.join(repoRoot, 'scripts', 'ci-baselines.sh'), path.join(dir, 'scripts', 'ci-baselines.sh'));
      expect(sh(dir, ['scripts/ci-baselines.sh', 'restore', 'jetson2'])).toContain('baselines restored from origin/hil-baselines: 1 file(s)');
      const stored = JSON.parse(readFileSync(path.join(dir, 'golden', 'baselines', 'jetson2', 'tiny-ssd.json'), 'utf8')) as { runId: string };
      expect(stored.runId).toBe('run-1');
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it('a run hil refuses (emulated) is not accepted, and the job does not fail', () => {
    writeRun(project.dir, 'run-2', true);
    const before = git(origin, 'rev-parse', 'hil-baselines');
    const out = sh(project.dir, ['scripts/ci-baselines.sh', 'accept', 'jetson2']);
    expect(out).toContain('::warning::hil refused this run as a baseline');
    expect(git(origin, 'rev-parse', 'hil-baselines')).toBe(before);
    expect(existsSync(path.join(project.dir, 'golden', 'baselines', 'jetson2', 'tiny-ssd.json'))).toBe(true);
  });
});
