import { CURRENT_RULESET } from '../core/findings.js';
import { compareCodeUnits } from '../canonical/hashing.js';
import { LOCKFILE_VERSION, type LockedRole, type Lockfile } from '../lockfile/format.js';
import type { DeclaredRole } from '../core/model.js';
import type { LawContext } from '../law/context.js';
import { selectOriginals } from '../law/declarations.js';

/** One thing `lock` records. The list is what `status` shows and what `lock` prints. */
export type LockChange =
  | { readonly kind: 'role-added'; readonly roleId: string }
  | { readonly kind: 'alias-added'; readonly roleId: string; readonly alias: string }
  | { readonly kind: 'role-deprecated'; readonly roleId: string }
  | { readonly kind: 'contract-added'; readonly roleId: string; readonly contractId: string }
  | { readonly kind: 'contract-retired'; readonly roleId: string; readonly contractId: string }
  | { readonly kind: 'contract-reactivated'; readonly roleId: string; readonly contractId: string }
  | { readonly kind: 'role-moved'; readonly roleId: string; readonly from: string | undefined; readonly to: string };

/**
 * The lockfile after recording what the source declares. Only call it when no law is broken:
 * it unions, never removes (locked roles that are not declared stay as they are).
 */
export function nextLockfile(
  roles: readonly DeclaredRole[],
  previous: Lockfile | undefined,
  context: LawContext,
): { lock: Lockfile; changes: LockChange[] } {
  const changes: LockChange[] = [];
  const next = new Map<string, LockedRole>(previous?.roles ?? []);
  const byId = new Map<string, DeclaredRole>();
  for (const role of selectOriginals(roles, previous, context).originals) byId.set(role.roleId, role);

  for (const roleId of [...byId.keys()].sort(compareCodeUnits)) {
    const role = byId.get(roleId)!;
    const locked = previous?.roles.get(roleId);
    const declaredIn = context.relative(role.span.file);
    if (!locked) changes.push({ kind: 'role-added', roleId });
    else if (locked.declaredIn !== declaredIn) changes.push({ kind: 'role-moved', roleId, from: locked.declaredIn, to: declaredIn });

    const aliases = new Set(locked?.aliases ?? []);
    for (const alias of role.aliases) {
      if (!aliases.has(alias.name)) {
        aliases.add(alias.name);
        if (locked) changes.push({ kind: 'alias-added', roleId, alias: alias.name });
      }
    }
    const deprecated = (locked?.deprecated ?? false) || role.deprecation !== undefined;
    if (deprecated && !locked?.deprecated && locked) changes.push({ kind: 'role-deprecated', roleId });

    const contracts = new Map<string, string>();
    const retiredContracts = new Map<string, string>(locked?.retiredContracts ?? []);
    for (const contract of role.contracts) {
      if (contracts.has(contract.contractId)) continue;
      // A locked hash is never rewritten: under a drift waiver the source declares the accepted
      // surface, and the lockfile keeps the published one next to the waiver.
      contracts.set(
        contract.contractId,
        locked?.contracts.get(contract.contractId) ?? locked?.retiredContracts.get(contract.contractId) ?? contract.surfaceHash,
      );
      if (retiredContracts.delete(contract.contractId))
        changes.push({ kind: 'contract-reactivated', roleId, contractId: contract.contractId });
      else if (locked && !locked.contracts.has(contract.contractId))
        changes.push({ kind: 'contract-added', roleId, contractId: contract.contractId });
    }
    for (const [contractId, hash] of locked?.contracts ?? []) {
      if (contracts.has(contractId)) continue;
      retiredContracts.set(contractId, hash);
      changes.push({ kind: 'contract-retired', roleId, contractId });
    }
    next.set(roleId, { aliases: [...aliases].sort(compareCodeUnits), deprecated, contracts, retiredContracts, declaredIn });
  }
  return {
    lock: {
      lockfileVersion: previous?.lockfileVersion ?? LOCKFILE_VERSION,
      ruleset: previous?.ruleset ?? CURRENT_RULESET,
      roles: next,
      waivers: previous?.waivers ?? [],
    },
    changes,
  };
}

export function describeChange(change: LockChange): string {
  switch (change.kind) {
    case 'role-added':
      return `+ role ${change.roleId}`;
    case 'alias-added':
      return `+ alias ${change.alias} → ${change.roleId}`;
    case 'role-deprecated':
      return `~ role ${change.roleId} deprecated`;
    case 'contract-added':
      return `+ contract ${change.contractId}`;
    case 'contract-retired':
      return `~ contract ${change.contractId} retired (superseded; its id stays reserved)`;
    case 'contract-reactivated':
      return `~ contract ${change.contractId} declared again with its locked surface`;
    case 'role-moved':
      return `~ role ${change.roleId} now declared in ${change.to}${change.from ? ` (was ${change.from})` : ''}`;
  }
}
