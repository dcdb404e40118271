import { finding, type Finding, type ViolationCode } from './findings.js';
import type { SourceSpan } from './model.js';

/**
 * Input the engine cannot use (a malformed lockfile, an invalid config, an unreadable baseline).
 * It carries a finding, so every surface reports it like any other: file, place, what to do next.
 * The CLI maps it to exit code 2.
 */
export class InputError extends Error {
  readonly finding: Finding;

  constructor(code: ViolationCode, file: string, message: string, hint: string, span?: SourceSpan) {
    super(message);
    this.name = 'InputError';
    this.finding = finding(code, { message, hint, subject: {}, inputFile: file, ...(span ? { span } : {}) });
  }
}
