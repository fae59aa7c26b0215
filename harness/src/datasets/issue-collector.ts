/**
 * Collects `file: path: message` problems while a big input file is checked, keeping the first
 * ones: a results file with 500,000 bad boxes should produce a readable error, not megabytes.
 */
import { ConfigIssuesError, type ConfigIssue } from '../errors.js';

export class IssueCollector {
  readonly #file: string;
  readonly #limit: number;
  readonly #issues: ConfigIssue[] = [];
  #dropped = 0;

  constructor(file: string, limit = 20) {
    this.#file = file;
    this.#limit = limit;
  }

  add(path: string, message: string): void {
    if (this.#issues.length < this.#limit) this.#issues.push({ file: this.#file, path, message });
    else this.#dropped += 1;
  }

  get count(): number {
    return this.#issues.length + this.#dropped;
  }

  /** Throws a ConfigIssuesError with everything found so far, if anything was found. */
  throwIfAny(hint?: string): void {
    if (this.count === 0) return;
    const issues = [...this.#issues];
    if (this.#dropped > 0) issues.push({ file: this.#file, path: '', message: `and ${this.#dropped} more problems` });
    throw new ConfigIssuesError(issues, hint === undefined ? {} : { hint });
  }
}

/** A received value for a message: JSON, shortened. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
