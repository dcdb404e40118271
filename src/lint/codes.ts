import { VIOLATION_CODES, type ViolationCode } from '../core/findings.js';

/**
 * Codes a lint session never produces: only a command of the CLI meets them, so no rule reports
 * them (docs/eslint.md says why, code by code).
 *
 * - `BASELINE_REGRESSION`, `BASELINE_UNAVAILABLE`: they need the lockfile of a base git ref, which
 *   only `role-registry check --against <ref>` reads (a lint run has no base ref, and running git on
 *   every lint would cost far more than the lint).
 * - `LOCKFILE_BUSY`: the advisory lock is taken by the commands that write the lockfile (`init`,
 *   `lock`, `waive`, `import`); a lint only reads it, and never waits for a writer.
 * - `MERGE_CONFLICT`: only the git merge driver (`role-registry merge-driver`) merges two lockfiles.
 * - `ATTESTATION_INVALID`: only `role-registry verify --attestation` reads an attestation statement.
 * - `WRITE_FAILED`: only the commands that write files meet a full disk; a lint writes nothing.
 */
export const CLI_ONLY_CODES: readonly ViolationCode[] = [
  'BASELINE_REGRESSION',
  'BASELINE_UNAVAILABLE',
  'LOCKFILE_BUSY',
  'MERGE_CONFLICT',
  'ATTESTATION_INVALID',
  'WRITE_FAILED',
];

/** Every code a lint session can report: each is reported by exactly one rule of the plugin. */
export const LINT_CODES: readonly ViolationCode[] = VIOLATION_CODES.filter((code) => !CLI_ONLY_CODES.includes(code));
