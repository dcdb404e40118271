import { finding, type Finding } from '../core/findings.js';
import { contractIdOf, parseContractId } from '../core/ids.js';
import type { ContractKind, DeclaredContract, DeclaredRole, SourceSpan } from '../core/model.js';
import type { LockedRole } from '../lockfile/format.js';
import type { WaiverIndex } from '../lockfile/waiver-index.js';
import { waiverOrigin, type Waiver } from '../lockfile/waivers.js';
import { describeSpan, type LawContext } from './context.js';
import { earlierDeclaration } from './declarations.js';
import { lockOutdated } from './lock-outdated.js';

/**
 * A declared role's contracts against its lock entry (invariant 4): a locked surface never changes,
 * a superseded or waived-away contract id is never declared with another surface, and a contract
 * leaves the source only once a newer version replaces it. Waivers accept exactly what they name:
 * a waived drift replaces the locked surface by the accepted one.
 */
export function judgeContracts(
  role: DeclaredRole,
  locked: LockedRole,
  waived: WaiverIndex,
  next: string,
  context: LawContext,
  findings: Finding[],
): void {
  const roleId = role.roleId;
  // A repeated contract id is CONTRACT_DUPLICATE; the first declaration is the one judged.
  const contracts = role.contracts;
  for (let index = 0; index < contracts.length; index++) {
    const contract = contracts[index]!;
    if (earlierDeclaration(contracts, index)) continue;
    const subject = { roleId, contractId: contract.contractId };
    // The next free version names the fix of a finding; it is worked out only when there is one.
    const bumpedOnce = (): string => nextFreeVersion(contract, role, locked);
    const removed = waived.removedContract(contract.contractId);
    if (removed) {
      const bumped = bumpedOnce();
      findings.push(
        contractReused(
          roleId,
          contract,
          `\`${contract.contractId}\` was removed under ${waiverOrigin(removed)}; its id stays reserved forever.`,
          `A removed contract is never declared again, not even unchanged: declare this surface as \`${bumped}\`.`,
          bumped,
        ),
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
    if (activeHash !== undefined && activeHash !== contract.surfaceHash) {
      const bumped = bumpedOnce();
      const report =
        drift && accepted !== undefined
          ? waivedDriftReport(contract, lockedActive!, drift, accepted, bumped, context)
          : {
              message: `The surface of \`${contract.contractId}\` changed since it was locked (locked ${short(activeHash)}, now ${short(contract.surfaceHash)})`,
              hint: `A published contract never changes: restore its schema, and bump to \`${bumped}\` for the new surface.`,
            };
      findings.push(contractDrift(roleId, contract, report, bumped, context));
    } else if (retiredHash !== undefined && retiredHash !== contract.surfaceHash) {
      const bumped = bumpedOnce();
      const onRecord =
        drift && accepted !== undefined
          ? `${short(accepted)}, accepted by ${waiverOrigin(drift)} in place of ${short(lockedRetired!)}`
          : short(retiredHash);
      const again =
        contract.surfaceHash === lockedRetired
          ? 'it is declared again with the surface it was first locked with, which that waiver replaced'
          : 'it is declared again with a different one';
      findings.push(
        contractReused(
          roleId,
          contract,
          `\`${contract.contractId}\` was superseded and is locked with another surface (${onRecord}); ${again}.`,
          `A superseded contract id stays reserved with ${drift ? 'the surface on record' : 'its old surface'}: bump to \`${bumped}\` for this surface.`,
          bumped,
        ),
      );
    } else if (activeHash === undefined && retiredHash === undefined) {
      findings.push(lockOutdated(`Contract \`${contract.contractId}\` is not in the lockfile yet.`, subject, contract.idSpan, next));
    } else if (activeHash === undefined) {
      findings.push(
        lockOutdated(
          `Contract \`${contract.contractId}\` is declared again and is recorded as retired in the lockfile.`,
          subject,
          contract.idSpan,
          next,
        ),
      );
    }
  }

  // Which contracts left the source is only known when every contract entry was read.
  if (!role.contractsKnown) return;
  for (const [contractId] of locked.contracts) {
    if (contracts.some((contract) => contract.contractId === contractId) || waived.removedContract(contractId)) continue;
    const successor = supersededBy(contractId, role.contracts);
    if (successor) {
      findings.push(
        lockOutdated(
          `Contract \`${contractId}\` is superseded by \`${successor.contractId}\` and not yet recorded as retired.`,
          { roleId, contractId },
          successor.idSpan,
          next,
        ),
      );
      continue;
    }
    findings.push(contractRemoved(roleId, contractId, role.idSpan));
  }
}

/** The fix a contract finding suggests: rename the contract to the next free version. */
function renameTo(contract: DeclaredContract, bumped: string): { message: string; value: string; span: SourceSpan } {
  return { message: `Rename this contract to \`${bumped}\`, the next free version.`, value: bumped, span: contract.idSpan };
}

/** CONTRACT_DRIFT: a locked contract's surface changed; `report` tells it by the waiver state. */
function contractDrift(roleId: string, contract: DeclaredContract, report: DriftReport, bumped: string, context: LawContext): Finding {
  const declaredAt =
    contract.schemaSpan.file === contract.idSpan.file ? '' : `; the contract is declared at ${describeSpan(contract.idSpan, context)}`;
  return finding('CONTRACT_DRIFT', {
    message: `${report.message}${declaredAt}.`,
    hint: report.hint,
    subject: { roleId, contractId: contract.contractId },
    span: contract.schemaSpan,
    suggestion: renameTo(contract, bumped),
  });
}

interface DriftReport {
  readonly message: string;
  readonly hint: string;
}

function short(hash: string): string {
  return `${hash.slice(0, 12)}…`;
}

/**
 * A drift of a contract whose drift was waived, told by its real state: the lockfile publishes the
 * accepted surface, so a source back at the first locked surface is a change too, and the fix for
 * it depends on whether the waiver is merged (waivers are append-only against the base ref).
 */
function waivedDriftReport(
  contract: DeclaredContract,
  locked: string,
  drift: Waiver,
  accepted: string,
  bumped: string,
  context: LawContext,
): DriftReport {
  const id = contract.contractId;
  const lockfile = context.display(context.lockfile);
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

/** CONTRACT_REUSED: a reserved contract id (waived away, or superseded with another surface) declared again. */
function contractReused(roleId: string, contract: DeclaredContract, message: string, hint: string, bumped: string): Finding {
  return finding('CONTRACT_REUSED', {
    message,
    hint,
    subject: { roleId, contractId: contract.contractId },
    span: contract.idSpan,
    suggestion: renameTo(contract, bumped),
  });
}

/** CONTRACT_REMOVED: a locked contract left the source and no newer version replaces it. */
function contractRemoved(roleId: string, contractId: string, span: SourceSpan): Finding {
  return finding('CONTRACT_REMOVED', {
    message: `Contract \`${contractId}\` of role \`${roleId}\` is locked but no longer declared, and no newer version replaces it.`,
    hint: `Keep declaring \`${contractId}\`; a contract may leave the source only once a newer version (e.g. \`${bump(contractId)}\`) is declared.`,
    subject: { roleId, contractId },
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
