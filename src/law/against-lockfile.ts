import type { Finding } from '../core/findings.js';
import type { Lockfile, LockedRole } from '../lockfile/format.js';
import type { DeclaredRole } from '../core/model.js';
import { indexWaivers, type WaiverIndex } from '../lockfile/waiver-index.js';
import { IdentityMemo } from '../support/identity-memo.js';
import { judgeAliases } from './aliases.js';
import type { LawContext } from './context.js';
import { judgeContracts } from './contracts.js';
import { judgeDeprecation } from './deprecation.js';
import type { RoleGroup, RolesByFile } from './role-groups.js';
import { roleNotLocked, roleRemoved } from './roles.js';

/** What the source could not tell: where role ids are unknown, and ids declared but invalid. */
export interface SourceUnknowns {
  /** Absolute paths of files where some role's id could not be read (or which do not parse). */
  readonly unknownRoleFiles: ReadonlySet<string>;
  readonly invalidRoleIds: ReadonlySet<string>;
}

/**
 * Laws between the source and the committed lockfile: nothing locked disappears, no locked surface
 * changes, and whatever is new is reported as not yet locked. `roles` are the original declarations
 * (one per id); who owns which name is judged in identity.ts. Without a lockfile (before `init`)
 * the lockfile is empty and every role is new. Waivers accept exactly the break they name: a waived
 * removal leaves a tombstone (identity.ts reports its id declared again), a waived drift replaces
 * the locked surface by the accepted one.
 */
export function judgeAgainstLockfile(
  roles: readonly DeclaredRole[],
  lock: Lockfile | undefined,
  unknowns: SourceUnknowns,
  context: LawContext,
  byFile?: RolesByFile,
): Finding[] {
  const findings: Finding[] = [];
  const next = lock
    ? 'Run `role-registry lock` and commit the lockfile.'
    : 'Run `role-registry init` for the first publish, and commit the lockfile.';
  const waived = indexWaivers(lock?.waivers ?? []);
  const judged = byFile ? judgeGroups(byFile.groups, lock, waived, next, context) : judgeRoles(roles, lock, waived, next, context);
  const roleFindings = judged.findings;

  // Every locked role is declared (the common case) unless fewer locked ids were met than the lockfile holds.
  const someLockedRoleUndeclared = lock !== undefined && judged.lockedAndDeclared < lock.roles.size;
  const declared = byFile ? byFile.declaredIds : new Set(roles.map((role) => role.roleId));
  const unknownFiles = new Set([...unknowns.unknownRoleFiles].map((file) => context.relative(file)));
  for (const [roleId, locked] of someLockedRoleUndeclared ? lock.roles : []) {
    if (declared.has(roleId) || waived.removedRole(roleId)) continue;
    // A role in a file that does not parse, or whose role_id cannot be read, is unknown, not removed.
    const unknown =
      unknowns.invalidRoleIds.has(roleId) ||
      (locked.declaredIn === undefined ? unknownFiles.size > 0 : unknownFiles.has(locked.declaredIn));
    if (unknown) continue;
    findings.push(roleRemoved(roleId, locked, context));
  }

  // Removals first, then each role's verdicts, as the laws have always listed them.
  for (const f of roleFindings) findings.push(f);
  return findings;
}

/** The verdicts on some roles against their lock entries, and how many of them are locked. */
interface RolesVerdicts {
  readonly findings: readonly Finding[];
  readonly lockedAndDeclared: number;
}

function judgeRoles(
  roles: readonly DeclaredRole[],
  lock: Lockfile | undefined,
  waived: WaiverIndex,
  next: string,
  context: LawContext,
): RolesVerdicts {
  const findings: Finding[] = [];
  let lockedAndDeclared = 0;
  for (const role of roles) {
    const locked = lock?.roles.get(role.roleId);
    if (locked) lockedAndDeclared++;
    // A tombstone declared again is ID_REUSED (identity.ts), and nothing else.
    if (waived.removedRole(role.roleId)) continue;
    if (locked) findings.push(...lockedRoleVerdicts(role, locked, waived, next, context));
    else findings.push(roleNotLocked(role, next));
  }
  return { findings, lockedAndDeclared };
}

/**
 * judgeRoles file by file, remembered per file's roles: a role's verdicts depend on its lock entry
 * alone, so only the groups of changed files (or all, after the lockfile changed) are judged again.
 */
function judgeGroups(
  groups: readonly RoleGroup[],
  lock: Lockfile | undefined,
  waived: WaiverIndex,
  next: string,
  context: LawContext,
): RolesVerdicts {
  const findings: Finding[] = [];
  let lockedAndDeclared = 0;
  for (const group of groups) {
    const inputs = [lock, waived, next, context];
    const known = verdictsByGroup.get(group, inputs) ?? verdictsByGroup.set(group, inputs, judgeRoles(group, lock, waived, next, context));
    for (const f of known.findings) findings.push(f);
    lockedAndDeclared += known.lockedAndDeclared;
  }
  return { findings, lockedAndDeclared };
}

const verdictsByGroup = new IdentityMemo<RoleGroup, RolesVerdicts>();

/**
 * A role's verdicts against its lock entry, remembered per declaration. They depend on nothing
 * else, and the workspace hands back the same declaration objects for files that did not change:
 * an editor re-lint of one file re-judges that file's roles, not the thousands of others.
 */
const verdictsByRole = new IdentityMemo<DeclaredRole, readonly Finding[]>();

function lockedRoleVerdicts(
  role: DeclaredRole,
  locked: LockedRole,
  waived: WaiverIndex,
  next: string,
  context: LawContext,
): readonly Finding[] {
  const inputs = [locked, waived, next, context];
  const known = verdictsByRole.get(role, inputs);
  if (known) return known;
  const findings: Finding[] = [];
  judgeLockedRole(role, locked, waived, next, context, findings);
  return verdictsByRole.set(role, inputs, findings);
}

/** Judges one declared role against its lock entry, appending to `findings`: aliases, deprecation, contracts, in that order. */
function judgeLockedRole(
  role: DeclaredRole,
  locked: LockedRole,
  waived: WaiverIndex,
  next: string,
  context: LawContext,
  findings: Finding[],
): void {
  judgeAliases(role, locked, waived, next, findings);
  judgeDeprecation(role, locked, next, findings);
  judgeContracts(role, locked, waived, next, context, findings);
}
