import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigIssuesError, type ConfigIssue } from '../errors.js';
import { privateKeyProblem } from '../transport/private-key.js';
import { farmSchema, type FarmBoardData } from './farm-schema.js';
import type { DeviceProfiles } from './load-profiles.js';
import { readYamlFile } from './read-yaml.js';

/** A board of the farm, with its identity file resolved to an absolute path. */
export interface FarmBoard extends FarmBoardData {
  identityFile: string;
}

export interface Farm {
  /** The inventory file, as given (for messages). */
  file: string;
  /** Seconds a run waits for a busy board (`leaseWaitS`, default 600). */
  leaseWaitS: number;
  boards: FarmBoard[];
}

export function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

/**
 * Loads a farm inventory. Checks what can be checked without the network, all at once: schema,
 * device types known to `profiles`, identity files present, readable and holding a private key.
 */
export function loadFarm(file: string, profiles?: DeviceProfiles): Farm {
  const absolute = path.resolve(file);
  const result = readYamlFile(absolute, file, farmSchema);
  if ('issues' in result) throw new ConfigIssuesError(result.issues);
  const issues: ConfigIssue[] = [];
  const boards = result.data.boards.map((board, index): FarmBoard => {
    const at = `boards[${index}]`;
    if (profiles && !profiles.has(board.type)) {
      issues.push({ file, path: `${at}.type`, message: `unknown device type "${board.type}"; known types: ${[...profiles.keys()].join(', ')}` });
    }
    const identityFile = path.resolve(path.dirname(absolute), expandHome(board.identityFile));
    const problem = unreadable(identityFile);
    if (problem) issues.push({ file, path: `${at}.identityFile`, message: `${identityFile}: ${problem}` });
    return { ...board, identityFile };
  });
  if (issues.length > 0) throw new ConfigIssuesError(issues);
  return { file, leaseWaitS: result.data.leaseWaitS, boards };
}

function unreadable(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return 'not a file';
    accessSync(file, constants.R_OK);
    return privateKeyProblem(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'identity file not found' : code === 'EACCES' ? 'identity file not readable (permission denied)' : `identity file unusable: ${(error as Error).message}`;
  }
}
