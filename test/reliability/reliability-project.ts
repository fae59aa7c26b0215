/**
 * Shared by the reliability tests: a temp hil project with a 10-image slice of the golden dataset
 * (fast black-box runs), emulated boards, and `hil run --json` against them.
 */
import { readFileSync } from 'node:fs';
import type { EmulatedBoard } from '../../harness/src/emulator/emulated-board.js';
import { createTempProject, runHil, sliceGoldenDataset, type HilResult, type TempProject } from '../support/temp-project.js';

export const SMALL_DATASET = 'golden/datasets/shapes-small';

/** A project whose suite measures `models` on 10 golden images; config as given (JS object text). */
export function reliabilityProject(options: { models?: string[]; singleStream?: boolean; config: string }): TempProject {
  const models = options.models ?? ['tiny-ssd'];
  const project = createTempProject({
    suite: [
      `dataset: ${SMALL_DATASET}`,
      `models: [${models.join(', ')}]`,
      `scenarios: { accuracy: true, singleStream: ${options.singleStream === true}, throughput: false }`,
      'overlays: 0',
      // The untrained tiny models score near 0: a tolerance of 0 decides their accuracy checks.
      'tolerances:',
      ...models.map((m) => `  ${m}: { map50Min: 0${m === 'tiny-ssd-pruned' ? ', map50DropMaxPoints: 100' : ''} }`),
    ].join('\n'),
    config: `export default ${options.config};\n`,
  });
  sliceGoldenDataset(project.dir, SMALL_DATASET, 10);
  return project;
}

export interface CheckJson {
  board: string;
  device: string;
  target: string;
  model: string;
  check: string;
  status: string;
  error?: string;
  errorCode?: string;
  verdict: { value: number | null; message: string } | null;
}

export interface RunJson {
  runId: string;
  exitCode: number;
  summary: Record<string, number>;
  checks: CheckJson[];
  models: Array<{ model: string; board: string; meanW: number | null; power: unknown; validity: unknown; provenance: Record<string, unknown> | null; verdicts: Array<{ check: string; status: string; message: string }> }>;
  reports: { runDir: string };
}

export interface FarmRun extends HilResult {
  doc: RunJson;
  /** Check records of one board (its cpu project: `--target cpu`). */
  on(board: string): CheckJson[];
}

/** `hil run --json --target cpu` on the named boards (one Playwright project each). */
export async function runOnBoards(project: TempProject, farmFile: string, boards: readonly string[], extra: string[] = []): Promise<FarmRun> {
  const args = ['run', ...boards.flatMap((b) => ['--device', b]), '--target', 'cpu', '--farm', farmFile, '--json', ...extra];
  const result = await runHil(project.dir, args);
  let doc: RunJson;
  try {
    doc = JSON.parse(result.stdout) as RunJson;
  } catch {
    throw new Error(`hil ${args.join(' ')} printed no JSON (exit ${result.code}):\n${result.stderr.slice(-4000)}`);
  }
  return { ...result, doc, on: (board) => doc.checks.filter((c) => c.board === board || c.device === board) };
}

/** Polls `condition` every 100 ms until it holds (the tests' limit bounds the wait). */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 100));
}

/** Processes on an emulated board whose command line contains `text`. */
export function boardProcessesRunning(board: EmulatedBoard, text: string): number[] {
  return board.processes().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').includes(text);
    } catch {
      return false;
    }
  });
}
