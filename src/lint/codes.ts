import { VIOLATION_CODES, type ViolationCode } from '../findings.js';

/**
 * Codes a lint session never produces: both need the lockfile of a base git ref, which only
 * `role-registry check --against <ref>` reads (a lint run has no base ref, and running git on every
 * lint would cost far more than the lint).
 */
export const BASELINE_ONLY_CODES: readonly ViolationCode[] = ['BASELINE_REGRESSION', 'BASELINE_UNAVAILABLE'];

/** Every code a lint session can report: each is reported by exactly one rule of the plugin. */
export const LINT_CODES: readonly ViolationCode[] = VIOLATION_CODES.filter((code) => !BASELINE_ONLY_CODES.includes(code));
