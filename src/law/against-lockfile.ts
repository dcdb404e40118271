import { finding, type Finding } from '../core/findings.js';
import { contractIdOf, parseContractId } from '../core/ids.js';
import type { Lockfile, LockedRole } from '../lockfile/format.js';
import type { ContractKind, DeclaredContract, DeclaredRole, SourceSpan } from '../core/model.js';
import { indexWaivers, type WaiverIndex } from '../lockfile/waiver-index.js';
import { waiverOrigin, type Waiver } from '../lockfile/waivers.js';
import { describeSpan, type LawContext } from './context.js';
import { earlierDeclaration } from './declarations.js';
import type { RoleGroup, RolesByFile } from './role-groups.js';

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
  const next = lock ? 'Run `role-registry lock` and commit the lockfile.' : 'Run `role-registry init` for the first publish, and commit the lockfile.';
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
    const unknown = unknowns.invalidRoleIds.has(roleId) || (locked.declaredIn === undefined ? unknownFiles.size > 0 : unknownFiles.has(locked.declaredIn));
    if (unknown) continue;
    findings.push(
      finding('ROLE_REMOVED', {
        message: `Role \`${roleId}\` is in the lockfile but no longer declared${locked.declaredIn ? ` (it was declared in ${locked.declaredIn})` : ''}.`,
        hint: `Role ids are never removed: restore the declaration and deprecate it instead of deleting it (deprecated: { reason: '…', replaced_by: '…' }).`,
        subject: { roleId },
        ...(locked.declaredIn === undefined ? {} : { declaredIn: locked.declaredIn }),
      }),
    );
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

function judgeRoles(roles: readonly DeclaredRole[], lock: Lockfile | undefined, waived: WaiverIndex, next: string, context: LawContext): RolesVerdicts {
  const findings: Finding[] = [];
  let lockedAndDeclared = 0;
  for (const role of roles) {
    const locked = lock?.roles.get(role.roleId);
    if (locked) lockedAndDeclared++;
    // A tombstone declared again is ID_REUSED (identity.ts), and nothing else.
    if (waived.removedRole(role.roleId)) continue;
    if (locked) findings.push(...lockedRoleVerdicts(role, locked, waived, next, context));
    else findings.push(notLocked(`Role \`${role.roleId}\` is not in the lockfile yet.`, { roleId: role.roleId }, role.idSpan, next));
  }
  return { findings, lockedAndDeclared };
}

/**
 * judgeRoles file by file, remembered per file's roles: a role's verdicts depend on its lock entry
 * alone, so only the groups of changed files (or all, after the lockfile changed) are judged again.
 */
function judgeGroups(groups: readonly RoleGroup[], lock: Lockfile | undefined, waived: WaiverIndex, next: string, context: LawContext): RolesVerdicts {
  const findings: Finding[] = [];
  let lockedAndDeclared = 0;
  for (const group of groups) {
    let known = verdictsByGroup.get(group);
    if (!known || known.lock !== lock || known.waived !== waived || known.next !== next || known.context !== context) {
      known = { lock, waived, next, context, ...judgeRoles(group, lock, waived, next, context) };
      verdictsByGroup.set(group, known);
    }
    for (const f of known.findings) findings.push(f);
    lockedAndDeclared += known.lockedAndDeclared;
  }
  return { findings, lockedAndDeclared };
}

const verdictsByGroup = new WeakMap<
  RoleGroup,
  RolesVerdicts & { readonly lock: Lockfile | undefined; readonly waived: WaiverIndex; readonly next: string; readonly context: LawContext }
>();

interface Verdicts {
  readonly locked: LockedRole;
  readonly waived: WaiverIndex;
  readonly next: string;
  readonly context: LawContext;
  readonly findings: readonly Finding[];
}

/**
 * A role's verdicts against its lock entry, remembered per declaration. They depend on nothing
 * else, and the workspace hands back the same declaration objects for files that did not change:
 * an editor re-lint of one file re-judges that file's roles, not the thousands of others.
 */
const verdictsByRole = new WeakMap<DeclaredRole, Verdicts>();

function lockedRoleVerdicts(role: DeclaredRole, locked: LockedRole, waived: WaiverIndex, next: string, context: LawContext): readonly Finding[] {
  const known = verdictsByRole.get(role);
  if (known && known.locked === locked && known.waived === waived && known.next === next && known.context === context) return known.findings;
  const findings: Finding[] = [];
  judgeLockedRole(role, locked, waived, next, context, findings);
  verdictsByRole.set(role, { locked, waived, next, context, findings });
  return findings;
}

/** Judges one declared role against its lock entry, appending to `findings`. */
function judgeLockedRole(role: DeclaredRole, locked: LockedRole, waived: WaiverIndex, next: string, context: LawContext, findings: Finding[]): void {
  const roleId = role.roleId;

  if (role.aliasesKnown && locked.aliases.length > 0) {
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
  }
  for (const alias of role.aliases) {
    if (!locked.aliases.includes(alias.name)) {
      findings.push(notLocked(`Alias \`${alias.name}\` of role \`${roleId}\` is not in the lockfile yet.`, { roleId, alias: alias.name }, alias.span, next));
    }
  }

  if (role.deprecationKnown) {
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
      findings.push(notLocked(`The deprecation of role \`${roleId}\` is not in the lockfile yet.`, { roleId }, role.deprecation.span, next));
    }
  }

  // A repeated contract id is CONTRACT_DUPLICATE; the first declaration is the one judged.
  const contracts = role.contracts;
  for (let index = 0; index < contracts.length; index++) {
    const contract = contracts[index]!;
    if (earlierDeclaration(contracts, index)) continue;
    const subject = { roleId, contractId: contract.contractId };
    // The next free version names the fix of a finding; it is worked out only when there is one.
    const bumpedOnce = (): string => nextFreeVersion(contract, role, locked);
    const renameToBumped = (bumped: string) => ({ message: `Rename this contract to \`${bumped}\`, the next free version.`, value: bumped, span: contract.idSpan });
    const removed = waived.removedContract(contract.contractId);
    if (removed) {
      const bumped = bumpedOnce();
      findings.push(
        finding('CONTRACT_REUSED', {
          message: `\`${contract.contractId}\` was removed under ${waiverOrigin(removed)}; its id stays reserved forever.`,
          hint: `A removed contract is never declared again, not even unchanged: declare this surface as \`${bumped}\`.`,
          subject,
          span: contract.idSpan,
          suggestion: renameToBumped(bumped),
        }),
      );
      continue;
    }
    // A waived drift: the accepted surface stands for the locked one, which stays on record.
    const drift = waived.acceptedDrift(contract.contractId);
    const accepted = drift?.surfaceHash;
    const lockedActive = locked.contracts.get(contract.contractId);
    const lockedRetired = locked.retiredContracts.get(contract.contractId);
    const activeHash = lockedActive === undefined ? undefined : (accepted ?? lockedActive);
    const retiredHash = lockedRetired === undefined ? undefined : (accepted ?? lockedRetired);
    const declaredAt = contract.schemaSpan.file === contract.idSpan.file ? '' : `; the contract is declared at ${describeSpan(contract.idSpan, context)}`;
    if (activeHash !== undefined && activeHash !== contract.surfaceHash) {
      const bumped = bumpedOnce();
      const report =
        drift && accepted !== undefined
          ? waivedDriftReport(contract, lockedActive!, drift, accepted, bumped, context)
          : {
              message: `The surface of \`${contract.contractId}\` changed since it was locked (locked ${short(activeHash)}, now ${short(contract.surfaceHash)})`,
              hint: `A published contract never changes: restore its schema, and bump to \`${bumped}\` for the new surface.`,
            };
      findings.push(
        finding('CONTRACT_DRIFT', {
          message: `${report.message}${declaredAt}.`,
          hint: report.hint,
          subject,
          span: contract.schemaSpan,
          suggestion: renameToBumped(bumped),
        }),
      );
    } else if (retiredHash !== undefined && retiredHash !== contract.surfaceHash) {
      const bumped = bumpedOnce();
      const onRecord = drift && accepted !== undefined ? `${short(accepted)}, accepted by ${waiverOrigin(drift)} in place of ${short(lockedRetired!)}` : short(retiredHash);
      const again = contract.surfaceHash === lockedRetired ? 'it is declared again with the surface it was first locked with, which that waiver replaced' : 'it is declared again with a different one';
      findings.push(
        finding('CONTRACT_REUSED', {
          message: `\`${contract.contractId}\` was superseded and is locked with another surface (${onRecord}); ${again}.`,
          hint: `A superseded contract id stays reserved with ${drift ? 'the surface on record' : 'its old surface'}: bump to \`${bumped}\` for this surface.`,
          subject,
          span: contract.idSpan,
          suggestion: renameToBumped(bumped),
        }),
      );
    } else if (activeHash === undefined && retiredHash === undefined) {
      findings.push(notLocked(`Contract \`${contract.contractId}\` is not in the lockfile yet.`, subject, contract.idSpan, next));
    } else if (activeHash === undefined) {
      findings.push(notLocked(`Contract \`${contract.contractId}\` is declared again and is recorded as retired in the lockfile.`, subject, contract.idSpan, next));
    }
  }

  // Which contracts left the source is only known when every contract entry was read.
  if (!role.contractsKnown) return;
  for (const [contractId] of locked.contracts) {
    if (contracts.some((contract) => contract.contractId === contractId) || waived.removedContract(contractId)) continue;
    const successor = supersededBy(contractId, role.contracts);
    if (successor) {
      findings.push(
        notLocked(`Contract \`${contractId}\` is superseded by \`${successor.contractId}\` and not yet recorded as retired.`, { roleId, contractId }, successor.idSpan, next),
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
}

function short(hash: string): string {
  return `${hash.slice(0, 12)}…`;
}

/**
 * A drift of a contract whose drift was waived, told by its real state: the lockfile publishes the
 * accepted surface, so a source back at the first locked surface is a change too, and the fix for
 * it depends on whether the waiver is merged (waivers are append-only against the base ref).
 */
function waivedDriftReport(contract: DeclaredContract, locked: string, drift: Waiver, accepted: string, bumped: string, context: LawContext): { message: string; hint: string } {
  const id = contract.contractId;
  const lockfile = context.relative(context.lockfile);
  if (contract.surfaceHash === locked) {
    return {
      message: `The surface of \`${id}\` is back to the one it was first locked with (${short(locked)}), but ${waiverOrigin(drift)} accepted ${short(accepted)} in its place, and that is the surface the lockfile publishes`,
      hint:
        `If the waiver is not merged yet, it is no longer needed: delete its CONTRACT_DRIFT entry for \`${id}\` from "waivers" in ${lockfile}, and \`role-registry check\` passes. ` +
        `If it is merged, it stays (a dropped waiver is a BASELINE_REGRESSION): declare the accepted surface (${short(accepted)}) again, and bump to \`${bumped}\` for this one.`,
    };
  }
  return {
    message: `The surface of \`${id}\` changed since it was locked (locked ${short(locked)}, then ${short(accepted)} accepted by ${waiverOrigin(drift)}; now ${short(contract.surfaceHash)})`,
    hint: `A published contract never changes, and the waiver accepts ${short(accepted)} only: restore that surface, and bump to \`${bumped}\` for the new one.`,
  };
}

function notLocked(message: string, subject: Finding['subject'], span: SourceSpan, hint: string): Finding {
  return finding('LOCK_OUTDATED', { message, hint, subject, span });
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
