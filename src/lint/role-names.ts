import type { Lockfile } from '../lockfile/format.js';
import type { RoleGroup } from '../law/role-groups.js';
import type { DeclaredRole } from '../core/model.js';

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
export function roleNames(
  roles: readonly DeclaredRole[],
  lock: Lockfile | undefined,
  groups?: readonly RoleGroup[],
): ReadonlyMap<string, RoleNameStatus> {
  if (!groups) return namesOf(roles, lock, undefined);
  // Most edits change no id, alias or deprecation: the names of the last call with the same
  // lockfile stand when every file's roles name the same things in the same order.
  const signatures = groups.map(namingSignatureOf);
  const last = lastNames.get(lock ?? NO_LOCKFILE);
  if (last && last.signatures.length === signatures.length && last.signatures.every((signature, index) => signature === signatures[index]))
    return last.names;
  const names = namesOf(roles, lock, groups);
  lastNames.set(lock ?? NO_LOCKFILE, { signatures, names });
  return names;
}

const NO_LOCKFILE = {};
const lastNames = new WeakMap<object, { readonly signatures: readonly string[]; readonly names: ReadonlyMap<string, RoleNameStatus> }>();
const signatureByGroup = new WeakMap<RoleGroup, string>();

/** Everything of a file's roles that names() reads: ids, aliases, deprecations, in order. */
function namingSignatureOf(group: RoleGroup): string {
  let signature = signatureByGroup.get(group);
  if (signature === undefined) {
    signature = JSON.stringify(
      group.map((role) => [
        role.roleId,
        role.aliases.map((alias) => alias.name),
        role.deprecation ? [role.deprecation.replacedBy, role.deprecation.reason] : 0,
      ]),
    );
    signatureByGroup.set(group, signature);
  }
  return signature;
}

function namesOf(
  roles: readonly DeclaredRole[],
  lock: Lockfile | undefined,
  groups: readonly RoleGroup[] | undefined,
): ReadonlyMap<string, RoleNameStatus> {
  const declaredIds = new Set<string>();
  for (const role of roles) declaredIds.add(role.roleId);
  // Few roles have aliases or a deprecation: they are picked out once per file's roles (groups of
  // unchanged files are the same arrays from one analysis to the next) and once per lockfile.
  const naming = groups ? groups.map(namingRolesOf) : [namingRoles(roles)];
  const locked = lock ? lockedNamesOf(lock) : undefined;
  // alias → its one owner, or CLAIMED_TWICE (an editor re-lint builds this for every role: no Set per alias).
  const aliasOwner = new Map<string, string | typeof CLAIMED_TWICE>();
  const claimAlias = (alias: string, roleId: string): void => {
    const owner = aliasOwner.get(alias);
    if (owner === undefined) aliasOwner.set(alias, roleId);
    else if (owner !== roleId) aliasOwner.set(alias, CLAIMED_TWICE);
  };
  for (const { aliased } of naming) for (const role of aliased) for (const alias of role.aliases) claimAlias(alias.name, role.roleId);
  for (const [alias, roleId] of locked?.aliases ?? []) claimAlias(alias, roleId);

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
  for (const { deprecated } of naming) {
    for (const role of deprecated) {
      const deprecation = role.deprecation!;
      const replacedBy = canonical(deprecation.replacedBy);
      names.set(role.roleId, {
        kind: 'deprecated',
        roleId: role.roleId,
        ...(replacedBy !== undefined && replacedBy !== role.roleId ? { replacedBy } : {}),
        ...(deprecation.reason !== undefined ? { reason: deprecation.reason } : {}),
      });
    }
  }
  for (const roleId of locked?.deprecated ?? []) if (!declaredIds.has(roleId)) names.set(roleId, { kind: 'deprecated', roleId });
  return names;
}

/** The roles that name something besides their id: with aliases, or deprecated. */
interface NamingRoles {
  readonly aliased: readonly DeclaredRole[];
  readonly deprecated: readonly DeclaredRole[];
}

function namingRoles(roles: readonly DeclaredRole[]): NamingRoles {
  return { aliased: roles.filter((role) => role.aliases.length > 0), deprecated: roles.filter((role) => role.deprecation !== undefined) };
}

const namingByGroup = new WeakMap<RoleGroup, NamingRoles>();

function namingRolesOf(group: RoleGroup): NamingRoles {
  let naming = namingByGroup.get(group);
  if (!naming) {
    naming = namingRoles(group);
    namingByGroup.set(group, naming);
  }
  return naming;
}

/** The lockfile's aliases (alias, role) and deprecated role ids, in its order. */
const lockedNamesByLock = new WeakMap<
  Lockfile,
  { readonly aliases: readonly (readonly [string, string])[]; readonly deprecated: readonly string[] }
>();

function lockedNamesOf(lock: Lockfile): {
  readonly aliases: readonly (readonly [string, string])[];
  readonly deprecated: readonly string[];
} {
  let known = lockedNamesByLock.get(lock);
  if (!known) {
    const aliases: (readonly [string, string])[] = [];
    const deprecated: string[] = [];
    for (const [roleId, locked] of lock.roles) {
      for (const alias of locked.aliases) aliases.push([alias, roleId]);
      if (locked.deprecated) deprecated.push(roleId);
    }
    known = { aliases, deprecated };
    lockedNamesByLock.set(lock, known);
  }
  return known;
}
