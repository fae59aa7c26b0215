/**
 * `hil golden generate`: renders the golden dataset or a frame sequence. Argument parsing only;
 * the work is `generateDataset` in `golden/generate-dataset.ts`.
 */
import type { Command } from 'commander';
import { ConfigError, EXIT_CODES } from '../../errors.js';
import { generateDataset, type GenerateSummary } from '../../golden/generate-dataset.js';
import type { SetExitCode } from '../set-exit-code.js';

interface GenerateFlags {
  out: string;
  count: string;
  seed: string;
  size: string;
  rawSize?: string;
  sequence?: boolean;
  json?: boolean;
}

function parseIntFlag(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new ConfigError('HIL_BAD_FLAG', `--${flag} must be an integer >= ${min}, got "${value}"`, { where: `--${flag}` });
  }
  return n;
}

function parseSize(flag: string, value: string): [number, number] {
  const m = /^(\d+)x(\d+)$/.exec(value);
  if (!m) throw new ConfigError('HIL_BAD_FLAG', `--${flag} must look like 256x256, got "${value}"`, { where: `--${flag}` });
  return [parseIntFlag(flag, m[1] as string, 16), parseIntFlag(flag, m[2] as string, 16)];
}

export async function goldenGenerate(flags: GenerateFlags): Promise<GenerateSummary> {
  const [width, height] = parseSize('size', flags.size);
  const options = {
    outDir: flags.out,
    count: parseIntFlag('count', flags.count, 1),
    seed: parseIntFlag('seed', flags.seed, 0),
    width,
    height,
    ...(flags.rawSize ? { rawSize: parseSize('raw-size', flags.rawSize) } : {}),
    sequence: Boolean(flags.sequence),
  };
  try {
    return await generateDataset(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'EROFS') {
      throw new ConfigError('HIL_BAD_OUTPUT', `--out ${flags.out}: cannot write there (${code})`, { where: '--out', cause: error });
    }
    throw error;
  }
}

export function registerGolden(program: Command, setExitCode: SetExitCode): void {
  const golden = program.command('golden').description('the synthetic golden dataset and frame sequences');
  golden
    .command('generate')
    .description('render a deterministic synthetic detection dataset (JPEG + COCO instances JSON)')
    .requiredOption('--out <dir>', 'output folder (images/ and annotations.json are written there)')
    .option('--count <n>', 'number of pictures or frames', '300')
    .option('--seed <n>', 'seed of the random stream (same seed, same bytes)', '7')
    .option('--size <WxH>', 'picture size in pixels', '256x256')
    .option('--raw-size <WxH>', 'also write raw-WxH.u8, all pictures stretched to WxH RGB with lanczos3 (training input; the manifest declares the same resizeKernel)')
    .option('--sequence', 'consecutive frames with moving objects instead of independent pictures')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: GenerateFlags) => {
      const summary = await goldenGenerate(flags);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      } else {
        const s = summary.bySize;
        process.stdout.write(
          `wrote ${summary.images} images, ${summary.annotations} objects (small ${s.small}, medium ${s.medium}, large ${s.large}) to ${summary.outDir}\n`,
        );
      }
      setExitCode(EXIT_CODES.ok);
    });
}
