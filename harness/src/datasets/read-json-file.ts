import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';

/** Reads and parses a JSON input file; a missing or malformed file is a config error naming it. */
export async function readJsonFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? 'error'})`;
    throw new ConfigError('HIL_INPUT_UNREADABLE', `${file}: ${reason}`, { where: file, hint: `pass the path of ${what}`, cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError('HIL_INPUT_INVALID_JSON', `${file}: not valid JSON: ${(error as Error).message}`, {
      where: file,
      hint: `${what} must be a JSON file`,
      cause: error,
    });
  }
}
