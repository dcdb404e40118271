import type { DeclaredRole, RegistrySnapshot, SnapshotRole } from '../core/model.js';

/** The identity-bearing view of declared roles: ids, aliases, deprecation, contracts and their hashes. */
export function sourceSnapshot(roles: readonly DeclaredRole[]): RegistrySnapshot {
  const out = new Map<string, SnapshotRole>();
  for (const role of roles) {
    if (out.has(role.roleId)) continue;
    out.set(role.roleId, {
      aliases: [...new Set(role.aliases.map((alias) => alias.name))],
      deprecated: role.deprecation !== undefined,
      // The first declaration of a repeated contract id counts, as everywhere (CONTRACT_DUPLICATE).
      contracts: new Map([...role.contracts].reverse().map((contract) => [contract.contractId, contract.surfaceHash])),
    });
  }
  return { roles: out };
}
