import { compareFindings, CURRENT_RULESET, VIOLATIONS, type Finding } from '../findings.js';
import type { Lockfile } from '../lockfile/format.js';
import type { SourceAnalysis } from '../workspace.js';
import { judgeAgainstBaseline } from './against-baseline.js';
import { judgeAgainstLockfile } from './against-lockfile.js';
import type { LawContext } from './context.js';
import { judgeDeclarations } from './declarations.js';

export interface JudgeInput {
  readonly source: SourceAnalysis;
  /** The committed lockfile; undefined before `init`. */
  readonly lock: Lockfile | undefined;
  /** The lockfile at a base git ref, when comparing against one. */
  readonly baseline?: { readonly ref: string; readonly lock: Lockfile | undefined };
  readonly context: LawContext;
}

/**
 * Every law in one place: extraction findings, source-only laws, source against lockfile, and
 * lockfile against baseline. Pure: the same input gives the same findings in the same order.
 */
export function judge(input: JudgeInput): Finding[] {
  const { source, lock, baseline, context } = input;
  const findings: Finding[] = [...source.findings, ...judgeDeclarations(source.roles, lock, context)];
  if (lock) findings.push(...judgeAgainstLockfile(source.roles, lock, source.unparseableFiles, context));
  if (baseline?.lock) findings.push(...judgeAgainstBaseline(lock, baseline.lock, baseline.ref, context));
  // A lockfile written under an older ruleset is judged by the laws it was written under.
  const ruleset = lock?.ruleset ?? CURRENT_RULESET;
  return findings.filter((f) => VIOLATIONS[f.code].ruleset <= ruleset).sort(compareFindings);
}

/** Findings that block `lock`: anything but additions waiting to be locked. */
export function blocksLocking(f: Finding): boolean {
  return f.code !== 'LOCK_OUTDATED' && f.severity === 'error';
}
