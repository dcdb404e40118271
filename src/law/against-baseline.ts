import { finding, type Finding, type LockfileEntry } from '../core/findings.js';
import type { Lockfile } from '../lockfile/format.js';
import { parseContractId } from '../core/ids.js';
import { describeWaiver, waiverKey } from '../lockfile/waivers.js';
import type { LawContext } from './context.js';

/**
 * The lockfile is append-only against its baseline (the lockfile at a base git ref): every entry
 * there must still be here, unchanged. This catches a role deleted from source and lockfile at once,
 * and a waiver dropped or rewritten (waivers are append-only too).
 */
export function judgeAgainstBaseline(head: Lockfile | undefined, base: Lockfile, baseRef: string, context: LawContext): Finding[] {
  const findings: Finding[] = [];
  const regression = (
    message: string,
    subject: Finding['subject'],
    declaredIn: string | undefined,
    hint: string,
    lockfileEntry: LockfileEntry,
  ): void => {
    findings.push(
      finding('BASELINE_REGRESSION', {
        message,
        hint,
        subject,
        inputFile: context.lockfile,
        ...(declaredIn === undefined ? {} : { declaredIn }),
        lockfileEntry,
      }),
    );
  };
  const restore = `Restore it from ${baseRef} (git show ${baseRef}:<lockfile>): entries that were published stay forever.`;
  if (head && head.lockfileVersion < base.lockfileVersion) {
    regression(
      `The lockfile format went back from version ${base.lockfileVersion} at ${baseRef} to ${head.lockfileVersion}.`,
      {},
      undefined,
      'Write the lockfile with the role-registry version used on the base branch or newer.',
      { kind: 'field', key: 'lockfileVersion' },
    );
  }
  if (head && head.ruleset < base.ruleset) {
    regression(
      `The lockfile ruleset went back from ${base.ruleset} at ${baseRef} to ${head.ruleset}.`,
      {},
      undefined,
      'A lockfile never moves to an older ruleset.',
      { kind: 'field', key: 'ruleset' },
    );
  }
  for (const [roleId, baseRole] of base.roles) {
    const headRole = head?.roles.get(roleId);
    if (!headRole) {
      regression(
        `Role \`${roleId}\` is in the lockfile at ${baseRef} but gone from the lockfile here.`,
        { roleId },
        baseRole.declaredIn,
        `${restore} Then restore its declaration and deprecate it instead of deleting it.`,
        { kind: 'role', roleId },
      );
      continue;
    }
    for (const alias of baseRole.aliases) {
      if (!headRole.aliases.includes(alias)) {
        regression(
          `Alias \`${alias}\` of role \`${roleId}\` is locked at ${baseRef} but gone here.`,
          { roleId, alias },
          headRole.declaredIn,
          restore,
          { kind: 'alias', roleId, alias },
        );
      }
    }
    if (baseRole.deprecated && !headRole.deprecated) {
      regression(
        `Role \`${roleId}\` is deprecated at ${baseRef} but not here.`,
        { roleId },
        headRole.declaredIn,
        'Deprecation is final: keep the role deprecated.',
        { kind: 'deprecation', roleId },
      );
    }
    for (const [contractId, baseHash] of [...baseRole.contracts, ...baseRole.retiredContracts]) {
      const headHash = headRole.contracts.get(contractId) ?? headRole.retiredContracts.get(contractId);
      if (headHash === undefined) {
        regression(
          `Contract \`${contractId}\` is locked at ${baseRef} but gone here.`,
          { roleId, contractId },
          headRole.declaredIn,
          restore,
          { kind: 'contract', roleId, contractId },
        );
      } else if (headHash !== baseHash) {
        regression(
          `Contract \`${contractId}\` has surface ${baseHash.slice(0, 12)}… at ${baseRef} but ${headHash.slice(0, 12)}… here.`,
          { roleId, contractId },
          headRole.declaredIn,
          'A published surface never changes: restore the old schema and publish the change as a new contract version.',
          { kind: 'contract', roleId, contractId },
        );
      }
    }
  }
  const headWaivers = new Map((head?.waivers ?? []).map((waiver) => [waiverKey(waiver.code, waiver.id), waiver]));
  for (const baseWaiver of base.waivers) {
    const headWaiver = headWaivers.get(waiverKey(baseWaiver.code, baseWaiver.id));
    const subject = waiverSubject(baseWaiver.code, baseWaiver.id, base);
    const declaredIn = subject.roleId === undefined ? undefined : head?.roles.get(subject.roleId)?.declaredIn;
    if (!headWaiver) {
      regression(
        `The waiver ${describeWaiver(baseWaiver)} is in the lockfile at ${baseRef} but gone here.`,
        subject,
        declaredIn,
        `Waivers are append-only: the break they approved was published. ${restore}`,
        { kind: 'waiver', code: baseWaiver.code, id: baseWaiver.id },
      );
    } else if (
      headWaiver.reason !== baseWaiver.reason ||
      headWaiver.date !== baseWaiver.date ||
      headWaiver.surfaceHash !== baseWaiver.surfaceHash
    ) {
      regression(
        `The waiver of ${baseWaiver.code} \`${baseWaiver.id}\` changed since ${baseRef}: it was ${describeWaiver(baseWaiver)}${baseWaiver.surfaceHash ? ` accepting ${baseWaiver.surfaceHash.slice(0, 12)}…` : ''}, it is ${describeWaiver(headWaiver)}${headWaiver.surfaceHash ? ` accepting ${headWaiver.surfaceHash.slice(0, 12)}…` : ''}.`,
        subject,
        declaredIn,
        `A recorded waiver never changes. ${restore}`,
        { kind: 'waiver', code: baseWaiver.code, id: baseWaiver.id },
      );
    }
  }
  return findings;
}

function waiverSubject(code: string, id: string, lock: Lockfile): Finding['subject'] {
  if (code === 'ROLE_REMOVED') return { roleId: id };
  if (code === 'ALIAS_REMOVED') {
    const owner = [...lock.roles].find(([, role]) => role.aliases.includes(id))?.[0];
    return owner === undefined ? { alias: id } : { roleId: owner, alias: id };
  }
  const parsed = parseContractId(id);
  return 'problem' in parsed ? { contractId: id } : { roleId: parsed.roleId, contractId: id };
}
