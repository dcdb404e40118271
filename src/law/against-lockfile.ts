import { finding, type Finding } from '../findings.js';
import { contractIdOf, parseContractId } from '../ids.js';
import type { Lockfile, LockedRole } from '../lockfile/format.js';
import type { ContractKind, DeclaredContract, DeclaredRole } from '../model.js';
import { indexWaivers, waiverOrigin, type WaiverIndex } from '../waivers.js';
import { groupBy } from './declarations.js';
import type { LawContext } from './context.js';

/**
 * Laws between the source and the committed lockfile: nothing locked disappears, no locked id is
 * reused, no locked surface changes, and whatever is new is reported as not yet locked. Waivers
 * accept exactly the break they name: a waived removal leaves a tombstone whose id is never
 * declared again, a waived drift replaces the locked surface by the accepted one.
 */
export function judgeAgainstLockfile(
  roles: readonly DeclaredRole[],
  lock: Lockfile,
  unparseableFiles: ReadonlySet<string>,
  context: LawContext,
): Finding[] {
  const findings: Finding[] = [];
  const declared = new Map<string, DeclaredRole>();
  for (const [roleId, group] of groupBy(roles, (role) => role.roleId)) declared.set(roleId, group[0]!);
  const lockedAliasOwner = new Map<string, string>();
  for (const [roleId, locked] of lock.roles) for (const alias of locked.aliases) lockedAliasOwner.set(alias, roleId);
  const unparseable = new Set([...unparseableFiles].map((file) => context.relative(file)));
  const waived = indexWaivers(lock.waivers);

  for (const [roleId, locked] of lock.roles) {
    if (declared.has(roleId)) continue;
    if (waived.removedRole(roleId)) continue;
    // A role in a file that does not parse is unknown, not removed: the parse error is reported.
    if (locked.declaredIn !== undefined && unparseable.has(locked.declaredIn)) continue;
    findings.push(
      finding('ROLE_REMOVED', {
        message: `Role \`${roleId}\` is in the lockfile but no longer declared${locked.declaredIn ? ` (it was declared in ${locked.declaredIn})` : ''}.`,
        hint: `Role ids are never removed: restore the declaration and retire it with deprecated: { reason: '…', replaced_by: '…' }.`,
        subject: { roleId },
        ...(locked.declaredIn === undefined ? {} : { declaredIn: locked.declaredIn }),
      }),
    );
  }

  for (const role of roles) {
    const locked = lock.roles.get(role.roleId);
    const tombstone = waived.removedRole(role.roleId);
    if (tombstone) {
      findings.push(
        finding('ID_REUSED', {
          message: `Role \`${role.roleId}\` was removed under ${waiverOrigin(tombstone)}; its id stays reserved forever.`,
          hint: 'A removed role is never declared again, not even unchanged: stored references to it must keep failing the same way. Give this role a new role_id.',
          subject: { roleId: role.roleId },
          span: role.idSpan,
        }),
      );
      continue;
    }
    const aliasOwnerOfId = lockedAliasOwner.get(role.roleId);
    if (aliasOwnerOfId !== undefined && aliasOwnerOfId !== role.roleId) {
      findings.push(
        finding('ID_REUSED', {
          message: `role_id \`${role.roleId}\` is locked as an alias of role \`${aliasOwnerOfId}\`.`,
          hint: `Stored references to \`${role.roleId}\` resolve to \`${aliasOwnerOfId}\` forever: choose another id for this role.`,
          subject: { roleId: role.roleId },
          span: role.idSpan,
        }),
      );
    }
    for (const alias of role.aliases) {
      const owner = lockedAliasOwner.get(alias.name);
      if (owner !== undefined && owner !== role.roleId) {
        findings.push(
          finding('ID_REUSED', {
            message: `Alias \`${alias.name}\` is locked to role \`${owner}\` and cannot be re-pointed to \`${role.roleId}\`.`,
            hint: `Stored references to \`${alias.name}\` mean \`${owner}\`: remove this alias from \`${role.roleId}\`.`,
            subject: { roleId: role.roleId, alias: alias.name },
            span: alias.span,
          }),
        );
      } else if (owner !== undefined && waived.removedAlias(alias.name)) {
        findings.push(
          finding('ID_REUSED', {
            message: `Alias \`${alias.name}\` of role \`${role.roleId}\` was removed under ${waiverOrigin(waived.removedAlias(alias.name)!)}; it stays reserved forever.`,
            hint: `A removed alias is never declared again: remove '${alias.name}' from aliases.`,
            subject: { roleId: role.roleId, alias: alias.name },
            span: alias.span,
          }),
        );
      } else if (lock.roles.has(alias.name) && alias.name !== role.roleId && !declared.has(alias.name)) {
        findings.push(
          finding('ID_REUSED', {
            message: `Alias \`${alias.name}\` of role \`${role.roleId}\` is a locked role_id of another role.`,
            hint: `Role ids stay reserved forever: restore role \`${alias.name}\` as deprecated instead of folding it into \`${role.roleId}\`.`,
            subject: { roleId: role.roleId, alias: alias.name },
            span: alias.span,
          }),
        );
      }
    }
    if (locked) findings.push(...judgeLockedRole(role, locked, waived));
    else findings.push(notLocked(role, `Role \`${role.roleId}\` is not in the lockfile yet.`, { roleId: role.roleId }, role.idSpan));
  }
  return findings;
}

function judgeLockedRole(role: DeclaredRole, locked: LockedRole, waived: WaiverIndex): Finding[] {
  const findings: Finding[] = [];
  const roleId = role.roleId;
  if (!role.complete) return findings;

  const declaredAliases = new Set(role.aliases.map((alias) => alias.name));
  for (const alias of locked.aliases) {
    if (declaredAliases.has(alias) || waived.removedAlias(alias)) continue;
    findings.push(
      finding('ALIAS_REMOVED', {
        message: `Alias \`${alias}\` of role \`${roleId}\` is locked but no longer declared.`,
        hint: `Aliases are append-only (stored references use them): add '${alias}' back to aliases.`,
        subject: { roleId, alias },
        span: role.idSpan,
      }),
    );
  }
  for (const alias of role.aliases) {
    if (!locked.aliases.includes(alias.name)) {
      findings.push(notLocked(role, `Alias \`${alias.name}\` of role \`${roleId}\` is not in the lockfile yet.`, { roleId, alias: alias.name }, alias.span));
    }
  }

  if (locked.deprecated && !role.deprecation) {
    findings.push(
      finding('DEPRECATION_REVERTED', {
        message: `Role \`${roleId}\` is locked as deprecated but is no longer marked deprecated.`,
        hint: 'Deprecation is final: keep deprecated on this role, and declare a new role if the work is needed again.',
        subject: { roleId },
        span: role.idSpan,
      }),
    );
  } else if (!locked.deprecated && role.deprecation) {
    findings.push(notLocked(role, `The deprecation of role \`${roleId}\` is not in the lockfile yet.`, { roleId }, role.deprecation.span));
  }

  const declaredContracts = new Map(role.contracts.map((contract) => [contract.contractId, contract]));
  for (const contract of role.contracts) {
    const removed = waived.removedContract(contract.contractId);
    if (removed) {
      const next = nextFreeVersion(contract, role, locked);
      findings.push(
        finding('CONTRACT_REUSED', {
          message: `\`${contract.contractId}\` was removed under ${waiverOrigin(removed)}; its id stays reserved forever.`,
          hint: `A removed contract is never declared again, not even unchanged: declare this surface as \`${next}\`.`,
          subject: { roleId, contractId: contract.contractId },
          span: contract.idSpan,
          suggestion: { message: `Rename this contract to \`${next}\`, the next free version.`, value: next, span: contract.idSpan },
        }),
      );
      continue;
    }
    // A waived drift: the accepted surface stands for the locked one, which stays on record.
    const accepted = waived.acceptedDrift(contract.contractId)?.surfaceHash;
    const lockedActive = locked.contracts.get(contract.contractId);
    const lockedRetired = locked.retiredContracts.get(contract.contractId);
    const activeHash = lockedActive === undefined ? undefined : (accepted ?? lockedActive);
    const retiredHash = lockedRetired === undefined ? undefined : (accepted ?? lockedRetired);
    if (activeHash !== undefined && activeHash !== contract.surfaceHash) {
      const next = nextFreeVersion(contract, role, locked);
      findings.push(
        finding('CONTRACT_DRIFT', {
          message: `The surface of \`${contract.contractId}\` changed since it was locked (locked ${activeHash.slice(0, 12)}…, now ${contract.surfaceHash.slice(0, 12)}…).`,
          hint: `A published contract never changes: restore its schema, and declare the new surface as \`${next}\`.`,
          subject: { roleId, contractId: contract.contractId },
          span: contract.schemaSpan,
          suggestion: { message: `Rename this contract to \`${next}\`, the next free version.`, value: next, span: contract.idSpan },
        }),
      );
    } else if (retiredHash !== undefined && retiredHash !== contract.surfaceHash) {
      const next = nextFreeVersion(contract, role, locked);
      findings.push(
        finding('CONTRACT_REUSED', {
          message: `\`${contract.contractId}\` was superseded and is locked with another surface (${retiredHash.slice(0, 12)}…); it is declared again with a different one.`,
          hint: `A superseded contract id stays reserved with its old surface: declare this surface as \`${next}\`.`,
          subject: { roleId, contractId: contract.contractId },
          span: contract.idSpan,
          suggestion: { message: `Rename this contract to \`${next}\`, the next free version.`, value: next, span: contract.idSpan },
        }),
      );
    } else if (activeHash === undefined && retiredHash === undefined) {
      findings.push(notLocked(role, `Contract \`${contract.contractId}\` is not in the lockfile yet.`, { roleId, contractId: contract.contractId }, contract.idSpan));
    } else if (activeHash === undefined) {
      findings.push(notLocked(role, `Contract \`${contract.contractId}\` is declared again and is recorded as retired in the lockfile.`, { roleId, contractId: contract.contractId }, contract.idSpan));
    }
  }

  for (const [contractId] of locked.contracts) {
    if (declaredContracts.has(contractId) || waived.removedContract(contractId)) continue;
    const successor = supersededBy(contractId, role.contracts);
    if (successor) {
      findings.push(
        notLocked(role, `Contract \`${contractId}\` is superseded by \`${successor.contractId}\` and not yet recorded as retired.`, { roleId, contractId }, successor.idSpan),
      );
      continue;
    }
    findings.push(
      finding('CONTRACT_REMOVED', {
        message: `Contract \`${contractId}\` of role \`${roleId}\` is locked but no longer declared, and no newer version replaces it.`,
        hint: `Keep declaring \`${contractId}\`; a contract may leave the source only once a newer version (e.g. \`${bump(contractId)}\`) is declared.`,
        subject: { roleId, contractId },
        span: role.idSpan,
      }),
    );
  }
  return findings;
}

function notLocked(role: DeclaredRole, message: string, subject: Finding['subject'], span = role.idSpan): Finding {
  return finding('LOCK_OUTDATED', {
    message,
    hint: 'Run `role-registry lock` and commit role-registry.lock.json.',
    subject,
    span,
  });
}

/** A declared contract of the same role and kind with a higher version, if any. */
function supersededBy(contractId: string, contracts: readonly DeclaredContract[]): DeclaredContract | undefined {
  const parsed = parseContractId(contractId);
  if ('problem' in parsed) return undefined;
  let best: DeclaredContract | undefined;
  let bestVersion = parsed.version;
  for (const contract of contracts) {
    const other = parseContractId(contract.contractId);
    if ('problem' in other || other.kind !== parsed.kind || other.version <= bestVersion) continue;
    best = contract;
    bestVersion = other.version;
  }
  return best;
}

/** The next version no declaration and no lock entry uses yet, for the same role and kind. */
export function nextFreeVersion(contract: DeclaredContract, role: DeclaredRole, locked: LockedRole | undefined): string {
  const parsed = parseContractId(contract.contractId);
  const kind: ContractKind = 'problem' in parsed ? contract.declaredKind : parsed.kind;
  const used = [
    ...role.contracts.map((c) => c.contractId),
    ...(locked ? [...locked.contracts.keys(), ...locked.retiredContracts.keys()] : []),
  ];
  let highest = 0;
  for (const id of used) {
    const other = parseContractId(id);
    if (!('problem' in other) && other.kind === kind) highest = Math.max(highest, other.version);
  }
  return contractIdOf(role.roleId, kind, highest + 1);
}

function bump(contractId: string): string {
  const parsed = parseContractId(contractId);
  return 'problem' in parsed ? contractId : contractIdOf(parsed.roleId, parsed.kind, parsed.version + 1);
}
