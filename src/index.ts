/**
 * The run-time entry of `role-registry`: what application code imports. It stays tiny and loads
 * neither TypeScript nor the engine; `defineRole` is an identity function with precise types.
 */

/** A JSON value as it may be written in source (readonly, so `as const` objects fit). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type ContractKind = 'X' | 'C';

/**
 * `ROLE:<role_id>:<X|C>:<version>`. The version is an integer literal (`${bigint}` refuses `1.5`,
 * `01` and `1e3`, which `${number}` would accept); that it is positive is checked by role-registry.
 */
export type ContractId<RoleId extends string = string, Kind extends ContractKind = ContractKind> = `ROLE:${RoleId}:${Kind}:${bigint}`;

export interface ContractDeclaration<Id extends string = string> {
  readonly contract_id: Id;
  readonly schema_json: JsonValue;
}

export type Deprecation = true | { readonly reason?: string; readonly replaced_by?: string };

/** The shape of a role declaration. Fields other than the identity-bearing ones are free metadata. */
export interface RoleDeclaration<RoleId extends string = string> {
  readonly role_id: RoleId;
  readonly aliases?: readonly string[];
  readonly deprecated?: boolean | Deprecation;
  readonly extract_contracts?: readonly ContractDeclaration<ContractId<RoleId, 'X'>>[];
  readonly produce_contracts?: readonly ContractDeclaration<ContractId<RoleId, 'C'>>[];
  readonly department_id?: string;
  readonly display_name?: string;
  readonly [metadata: string]: unknown;
}

/**
 * Declares a role. At run time it returns its argument unchanged; at compile time it keeps every
 * literal (`role_id`, contract ids) and checks that contract ids name this role and the right kind.
 * role-registry reads these calls statically: keep the argument made of literals and constants.
 */
export function defineRole<const RoleId extends string, const Role extends RoleDeclaration<RoleId>>(
  role: Role & { readonly role_id: RoleId },
): Role {
  return role;
}

export interface RoleIndex<Role extends { readonly role_id: string; readonly aliases?: readonly string[] }> {
  /** The canonical role_id for an id or a former name (alias); undefined when unknown. */
  resolveId(idOrAlias: string): Role['role_id'] | undefined;
  /** The role declared under an id or alias; undefined when unknown. */
  get(idOrAlias: string): Role | undefined;
}

/**
 * Builds a lookup that resolves aliases to role ids, for code that reads stored references.
 * Throws when two roles claim one id or alias (the same law the checker enforces statically).
 */
export function createRoleIndex<const Role extends { readonly role_id: string; readonly aliases?: readonly string[] }>(
  roles: readonly Role[],
): RoleIndex<Role> {
  const byName = new Map<string, Role>();
  const claim = (name: string, role: Role): void => {
    const owner = byName.get(name);
    if (owner && owner !== role) throw new Error(`role-registry: "${name}" is claimed by both "${owner.role_id}" and "${role.role_id}".`);
    byName.set(name, role);
  };
  for (const role of roles) claim(role.role_id, role);
  for (const role of roles) for (const alias of role.aliases ?? []) claim(alias, role);
  return {
    resolveId: (idOrAlias) => byName.get(idOrAlias)?.role_id,
    get: (idOrAlias) => byName.get(idOrAlias),
  };
}

/** Resolves one id or alias against a list of roles: the canonical role_id, or undefined. */
export function resolveRoleId<const Role extends { readonly role_id: string; readonly aliases?: readonly string[] }>(
  roles: readonly Role[],
  idOrAlias: string,
): Role['role_id'] | undefined {
  return createRoleIndex(roles).resolveId(idOrAlias);
}
