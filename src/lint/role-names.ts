import type { Lockfile } from '../lockfile/format.js';
import type { DeclaredRole } from '../model.js';

/** What a name that is not a current, active role_id stands for. */
export type RoleNameStatus =
  | { readonly kind: 'alias'; readonly roleId: string }
  | { readonly kind: 'deprecated'; readonly roleId: string; readonly replacedBy?: string; readonly reason?: string };

const CLAIMED_TWICE = Symbol('claimed by two roles');

/**
 * Which names are aliases (former names of a role) and which role ids are deprecated, from the
 * declarations and the lockfile together: a locked alias stays an alias even if a declaration
 * dropped it, and a locked deprecated role stays deprecated. Names claimed by two roles are left
 * out: the registry's own findings (ID_ALIAS_COLLISION, ID_REUSED) say which one is wrong.
 */
export function roleNames(roles: readonly DeclaredRole[], lock: Lockfile | undefined): ReadonlyMap<string, RoleNameStatus> {
  const declaredIds = new Set<string>();
  for (const role of roles) declaredIds.add(role.roleId);
  // alias → its one owner, or CLAIMED_TWICE (an editor re-lint builds this for every role: no Set per alias).
  const aliasOwner = new Map<string, string | typeof CLAIMED_TWICE>();
  const claimAlias = (alias: string, roleId: string): void => {
    const owner = aliasOwner.get(alias);
    if (owner === undefined) aliasOwner.set(alias, roleId);
    else if (owner !== roleId) aliasOwner.set(alias, CLAIMED_TWICE);
  };
  for (const role of roles) for (const alias of role.aliases) claimAlias(alias.name, role.roleId);
  if (lock) for (const [roleId, locked] of lock.roles) for (const alias of locked.aliases) claimAlias(alias, roleId);

  const names = new Map<string, RoleNameStatus>();
  for (const [alias, owner] of aliasOwner) {
    if (owner === CLAIMED_TWICE || declaredIds.has(alias) || lock?.roles.has(alias)) continue;
    names.set(alias, { kind: 'alias', roleId: owner });
  }
  const canonical = (name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    if (declaredIds.has(name)) return name;
    const status = names.get(name);
    return status?.kind === 'alias' ? status.roleId : undefined;
  };
  for (const role of roles) {
    if (!role.deprecation) continue;
    const replacedBy = canonical(role.deprecation.replacedBy);
    names.set(role.roleId, {
      kind: 'deprecated',
      roleId: role.roleId,
      ...(replacedBy !== undefined && replacedBy !== role.roleId ? { replacedBy } : {}),
      ...(role.deprecation.reason !== undefined ? { reason: role.deprecation.reason } : {}),
    });
  }
  if (lock) {
    for (const [roleId, locked] of lock.roles) {
      if (locked.deprecated && !declaredIds.has(roleId)) names.set(roleId, { kind: 'deprecated', roleId });
    }
  }
  return names;
}
