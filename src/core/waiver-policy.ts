import { VIOLATIONS, type Finding, type ViolationCode } from './findings.js';

/**
 * The findings a waiver may accept. Each is a break of an entry that stays in the lockfile, so what
 * was published stays on record: a removed role, alias or contract becomes a tombstone (reserved
 * forever), a drifted contract keeps its locked hash next to the accepted one. Source findings
 * (ambiguous declarations), input errors, reuse of an id (the one thing stored references cannot
 * survive), a reverted deprecation and LOCK_OUTDATED (run `lock`) are never waivable.
 */
export const WAIVABLE_CODES = [
  'ROLE_REMOVED',
  'ALIAS_REMOVED',
  'CONTRACT_REMOVED',
  'CONTRACT_DRIFT',
] as const satisfies readonly ViolationCode[];

export type WaivableCode = (typeof WAIVABLE_CODES)[number];

export function isWaivableCode(code: string): code is WaivableCode {
  return (WAIVABLE_CODES as readonly string[]).includes(code);
}

/** Why a known code cannot be waived: one sentence for the refusal. */
export function whyNotWaivable(code: ViolationCode): string {
  if (code === 'LOCK_OUTDATED') return 'it is not a break: run `role-registry lock` to record the addition';
  if (code === 'BASELINE_REGRESSION') return 'the lockfile itself is append-only: restore the entry from the base ref';
  if (code === 'ID_REUSED' || code === 'CONTRACT_REUSED')
    return 'a reused id makes stored references mean something else, which no approval can undo: choose a new id';
  if (code === 'DEPRECATION_REVERTED') return 'deprecation is final: declare a new role if the work is needed again';
  const kind = VIOLATIONS[code].kind;
  if (kind === 'input') return 'it is an input error: fix the input';
  return 'it makes the declarations ambiguous, so the source would have no trustworthy registry hash: fix the declaration';
}

/** The id a finding is about, as a waiver names it. */
export function waiverIdOf(finding: Finding): string | undefined {
  switch (finding.code) {
    case 'ROLE_REMOVED':
      return finding.subject.roleId;
    case 'ALIAS_REMOVED':
      return finding.subject.alias;
    case 'CONTRACT_REMOVED':
    case 'CONTRACT_DRIFT':
      return finding.subject.contractId;
    default:
      return undefined;
  }
}
