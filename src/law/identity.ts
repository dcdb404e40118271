import { IdentityMemo } from '../support/identity-memo.js';
import { finding, type Finding } from '../core/findings.js';
import type { Lockfile } from '../lockfile/format.js';
import type { DeclaredRole, SourceSpan } from '../core/model.js';
import { indexWaivers, type WaiverIndex } from '../lockfile/waiver-index.js';
import { waiverOrigin } from '../lockfile/waivers.js';
import { describeSpan, type LawContext } from './context.js';
import type { RoleGroup, RolesByFile } from './role-groups.js';

/**
 * Who owns which name (law 2). Every declared id and alias gets at most one verdict, blaming the
 * newcomer: a locked alias belongs to its locked role, so a role or alias that takes it is the one
 * reported; among names nobody locked yet, an alias gives way to a role id and to an earlier alias.
 * A name whose removal was waived (a tombstone) stays reserved: declaring it again is reuse.
 *
 * `roles` are the original declarations (one per id, in declaration order).
 */
export function judgeIdentity(roles: readonly DeclaredRole[], lock: Lockfile, context: LawContext, byFile?: RolesByFile): Finding[] {
  const findings: Finding[] = [];
  // Which role declares a name matters only for aliases, which few roles have: built on first need.
  let declaredMemo: Map<string, DeclaredRole> | undefined;
  const names: NameClaims = {
    lock,
    context,
    lockedAliasOwner: lockedAliasOwners(lock),
    waived: indexWaivers(lock.waivers),
    declared: () => (declaredMemo ??= new Map(roles.map((role) => [role.roleId, role]))),
    firstClaim: new Map(),
  };
  if (!byFile) {
    for (const role of roles) judgeRoleNames(role, names, findings);
    return findings;
  }
  for (const group of byFile.groups) {
    const inputs = [lock, names.waived, context];
    const known = identityByGroup.get(group, inputs);
    if (known) {
      findings.push(...known);
      continue;
    }
    const groupFindings: Finding[] = [];
    for (const role of group) judgeRoleNames(role, names, groupFindings);
    findings.push(...groupFindings);
    // An alias nobody locked is judged against the other roles' ids and earlier claims: only a group
    // whose aliases are all locked (or its roles' own ids) is judged by the lockfile alone.
    if (group.every((role) => role.aliases.every((alias) => alias.name === role.roleId || names.lockedAliasOwner.has(alias.name)))) {
      identityByGroup.set(group, inputs, groupFindings);
    }
  }
  return findings;
}

/** What judging a role's names reads besides the role: the lockfile and the claims of the roles before it. */
interface NameClaims {
  readonly lock: Lockfile;
  readonly context: LawContext;
  readonly lockedAliasOwner: ReadonlyMap<string, string>;
  readonly waived: WaiverIndex;
  /** The declared roles by id. */
  readonly declared: () => ReadonlyMap<string, DeclaredRole>;
  /** Aliases nobody locked, by the first role that claimed them. */
  readonly firstClaim: Map<string, { roleId: string; span: SourceSpan }>;
}

/** The verdicts on a file's roles whose aliases are all locked: they depend on the lockfile alone. */
const identityByGroup = new IdentityMemo<RoleGroup, readonly Finding[]>();

/** Judges the id and the aliases of one role, after the roles before it claimed theirs. */
function judgeRoleNames(role: DeclaredRole, names: NameClaims, findings: Finding[]): void {
  const { lock, context, lockedAliasOwner, waived, declared, firstClaim } = names;
  const roleId = role.roleId;
  const tombstone = waived.removedRole(roleId);
  if (tombstone) {
    findings.push(
      idReused({
        message: `Role \`${roleId}\` was removed under ${waiverOrigin(tombstone)}; its id stays reserved forever.`,
        hint: 'A removed role is never declared again, not even unchanged: stored references to it must keep failing the same way. Give this role a new role_id.',
        subject: { roleId },
        span: role.idSpan,
      }),
    );
    return;
  }
  const aliasOwnerOfId = lockedAliasOwner.get(roleId);
  if (aliasOwnerOfId !== undefined) {
    findings.push(
      idReused({
        message: `role_id \`${roleId}\` is locked as an alias of role \`${aliasOwnerOfId}\`.`,
        hint: `Stored references to \`${roleId}\` resolve to \`${aliasOwnerOfId}\` forever: choose another id for this role.`,
        subject: { roleId },
        span: role.idSpan,
      }),
    );
  }
  for (const alias of role.aliases) {
    const name = alias.name;
    const subject = { roleId, alias: name };
    if (name === roleId) {
      findings.push(
        idAliasCollision({
          message: `Role \`${roleId}\` lists its own id as an alias.`,
          hint: 'Remove the alias: a role always answers to its own id.',
          subject,
          span: alias.span,
        }),
      );
      continue;
    }
    const lockedOwner = lockedAliasOwner.get(name);
    const removedAlias = waived.removedAlias(name);
    if (lockedOwner === roleId && removedAlias) {
      findings.push(
        idReused({
          message: `Alias \`${name}\` of role \`${roleId}\` was removed under ${waiverOrigin(removedAlias)}; it stays reserved forever.`,
          hint: `A removed alias is never declared again: remove '${name}' from aliases.`,
          subject,
          span: alias.span,
        }),
      );
      continue;
    }
    if (lockedOwner !== undefined) {
      if (lockedOwner !== roleId) {
        findings.push(
          idReused({
            message: `Alias \`${name}\` is locked to role \`${lockedOwner}\` and cannot be re-pointed to \`${roleId}\`.`,
            hint: `Stored references to \`${name}\` mean \`${lockedOwner}\`: remove this alias from \`${roleId}\`.`,
            subject,
            span: alias.span,
          }),
        );
      }
      continue;
    }
    const roleOfName = declared().get(name);
    if (roleOfName) {
      findings.push(
        idAliasCollision({
          message: `Alias \`${name}\` of role \`${roleId}\` is the role_id of another role, declared at ${describeSpan(roleOfName.idSpan, context)}.`,
          hint: 'An alias is a former name of this role; it can never be the id of another role. Remove it or rename it.',
          subject,
          span: alias.span,
        }),
      );
      continue;
    }
    if (lock.roles.has(name)) {
      findings.push(
        idReused({
          message: `Alias \`${name}\` of role \`${roleId}\` is a locked role_id of another role.`,
          hint: `Role ids stay reserved forever: restore role \`${name}\` and deprecate it instead of folding it into \`${roleId}\`.`,
          subject,
          span: alias.span,
        }),
      );
      continue;
    }
    const first = firstClaim.get(name);
    if (first && first.roleId !== roleId) {
      findings.push(
        idAliasCollision({
          message: `Alias \`${name}\` of role \`${roleId}\` is already an alias of role \`${first.roleId}\` (${describeSpan(first.span, context)}).`,
          hint: 'An alias resolves to exactly one role: keep it on the role it named first.',
          subject,
          span: alias.span,
        }),
      );
      continue;
    }
    if (!first) firstClaim.set(name, { roleId, span: alias.span });
  }
}

/** Locked alias → its role, once per parsed lockfile (an editor judges the same lockfile at every keystroke). */
const aliasOwnersByLock = new IdentityMemo<Lockfile, ReadonlyMap<string, string>>();

function lockedAliasOwners(lock: Lockfile): ReadonlyMap<string, string> {
  const known = aliasOwnersByLock.get(lock, []);
  if (known) return known;
  const built = new Map<string, string>();
  for (const [roleId, locked] of lock.roles) for (const alias of locked.aliases) built.set(alias, roleId);
  return aliasOwnersByLock.set(lock, [], built);
}

/** What a verdict says: message, hint, subject, place. */
type Verdict = Omit<Finding, 'code' | 'severity'>;

/** ID_REUSED: an id once claimed (locked as an alias, a tombstone, another role's id) is claimed again. */
function idReused(verdict: Verdict): Finding {
  return finding('ID_REUSED', verdict);
}

/** ID_ALIAS_COLLISION: an alias that is also an id or an alias of another declared role. */
function idAliasCollision(verdict: Verdict): Finding {
  return finding('ID_ALIAS_COLLISION', verdict);
}
