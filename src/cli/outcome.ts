import { isInputProblem, type Finding } from '../core/findings.js';

export const EXIT_CLEAN = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_UNUSABLE = 2;

/** 2 when some input was unusable, 1 when a law is broken, 0 otherwise (warnings do not fail). */
export function exitCodeFor(findings: readonly Finding[]): 0 | 1 | 2 {
  if (findings.some(isInputProblem)) return 2;
  if (findings.some((f) => f.severity === 'error')) return 1;
  return 0;
}
