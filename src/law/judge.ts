import { CURRENT_RULESET, findingOrder, VIOLATIONS, type Finding, type ViolationCode } from '../core/findings.js';
import { emptyLockfile, type Lockfile } from '../lockfile/format.js';
import type { DeclaredRole } from '../core/model.js';
import { judgeAgainstBaseline } from './against-baseline.js';
import { judgeAgainstLockfile } from './against-lockfile.js';
import type { LawContext } from './context.js';
import { judgeDeclarations, selectOriginals } from './declarations.js';
import { judgeIdentity } from './identity.js';
import { rolesByFile, type RoleGroup } from './role-groups.js';

/**
 * What the laws need from an analysis of the sources (the workspace's SourceAnalysis has it): the law
 * judges declarations, it does not read files.
 */
interface JudgedSource {
  readonly roles: readonly DeclaredRole[];
  readonly roleGroups?: readonly RoleGroup[];
  readonly findings: readonly Finding[];
  /** Files where some role's id is unknown: a locked role last declared there is unknown, not removed. */
  readonly unknownRoleFiles: ReadonlySet<string>;
  /** Ids declared but invalid (ROLE_ID_INVALID): declared, though not judged. */
  readonly invalidRoleIds: ReadonlySet<string>;
}

export interface JudgeInput {
  readonly source: JudgedSource;
  /** The committed lockfile; undefined before `init` (then everything declared is new). */
  readonly lock: Lockfile | undefined;
  /** The lockfile at a base git ref, when comparing against one. */
  readonly baseline?: { readonly ref: string; readonly lock: Lockfile | undefined };
  readonly context: LawContext;
}

/**
 * Every law in one place: extraction findings, source-only laws, who owns which name, source
 * against lockfile, and lockfile against baseline. Pure: the same input gives the same findings in
 * the same order.
 */
export function judge(input: JudgeInput): Finding[] {
  const { source, lock, baseline, context } = input;
  // File by file when no id is declared twice (every role is then its own original): verdicts on
  // the roles of unchanged files are remembered, so a re-lint judges the edited file's roles only.
  const byFile = rolesByFile(source.roles, source.roleGroups, context);
  const declarations = byFile ? { originals: source.roles, duplicates: [] } : selectOriginals(source.roles, lock, context);
  const findings: Finding[] = [
    ...source.findings,
    ...judgeDeclarations(declarations, lock, context, byFile),
    ...judgeIdentity(declarations.originals, lock ?? emptyLockfile(), context, byFile),
    ...judgeAgainstLockfile(declarations.originals, lock, source, context, byFile),
  ];
  if (baseline?.lock) findings.push(...judgeAgainstBaseline(lock, baseline.lock, baseline.ref, context));
  // A lockfile written under an older ruleset is judged by the laws it was written under.
  const inForce = findingsInForce(findings, lock?.ruleset ?? CURRENT_RULESET);
  return withoutNoise(inForce).sort(findingOrder(context.root));
}

/** Findings that block `lock`: anything but additions waiting to be locked. */
export function blocksLocking(f: Finding): boolean {
  return f.code !== 'LOCK_OUTDATED' && f.severity === 'error';
}

/**
 * The findings of laws that were in force under `ruleset`. Input problems are not laws: they are
 * always reported.
 */
export function findingsInForce(
  findings: readonly Finding[],
  ruleset: number,
  catalogue: Readonly<Record<ViolationCode, { readonly kind: string; readonly ruleset: number }>> = VIOLATIONS,
): Finding[] {
  return findings.filter((f) => catalogue[f.code].kind === 'input' || catalogue[f.code].ruleset <= ruleset);
}

/**
 * One verdict per thing: "not locked yet" says nothing when the same role, alias or contract already
 * has a blocking finding (it cannot be locked as it stands), and a finding repeated word for word at
 * one place (a shared constant read twice) is reported once.
 */
function withoutNoise(findings: readonly Finding[]): Finding[] {
  const blocked = new Set(findings.filter(blocksLocking).map((f) => subjectKey(f)));
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.code === 'LOCK_OUTDATED' && blocked.has(subjectKey(f))) continue;
    const key = `${f.code}\0${subjectKey(f)}\0${f.message}\0${f.span ? `${f.span.file}:${f.span.line}:${f.span.column}` : (f.declaredIn ?? f.inputFile ?? '')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

function subjectKey(f: Finding): string {
  return `${f.subject.roleId ?? ''}\0${f.subject.alias ?? ''}\0${f.subject.contractId ?? ''}`;
}
