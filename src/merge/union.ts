import { finding, type Finding, type LockfileEntry } from '../core/findings.js';
import { compareCodeUnits } from '../canonical/hashing.js';
import { judgeAgainstBaseline } from '../law/against-baseline.js';
import type { LawContext } from '../law/context.js';
import type { LockedRole, Lockfile } from '../lockfile/format.js';
import { compareWaivers, describeWaiver, waiverKey, type Waiver } from '../lockfile/waivers.js';

export type MergeSide = 'ours' | 'theirs';

/** Why the union cannot be written, and whose version holds what it is about (both: ours, else theirs). */
export interface MergeConflict {
  readonly finding: Finding;
  readonly side: MergeSide | 'both';
}

export type MergeResult =
  { readonly ok: true; readonly lock: Lockfile } | { readonly ok: false; readonly conflicts: readonly MergeConflict[] };

type Side = MergeSide;
type Conflict = (
  message: string,
  subject: Finding['subject'],
  hint: string,
  lockfileEntry: LockfileEntry | undefined,
  side?: MergeSide,
) => void;
type ContractState = { readonly hash: string; readonly retired: boolean } | undefined;

/**
 * Merges two branches' lockfiles. Both are append-only extensions of their common ancestor, so the
 * merge is their union: every role, alias, deprecation, contract and waiver either side has. It is a
 * conflict (never a guess) when either side broke the append-only law against the ancestor, or when
 * both sides published the same id with different content (a role added twice, one contract id with
 * two surfaces, one alias for two roles).
 */
export function mergeLockfiles(ancestor: Lockfile | undefined, ours: Lockfile, theirs: Lockfile, context: LawContext): MergeResult {
  const conflicts: MergeConflict[] = [];
  const conflict: Conflict = (message, subject, hint, lockfileEntry, side) => {
    conflicts.push({
      finding: finding('MERGE_CONFLICT', {
        message,
        hint,
        subject,
        inputFile: context.lockfile,
        ...(lockfileEntry ? { lockfileEntry } : {}),
      }),
      side: side ?? 'both',
    });
  };
  if (ancestor) {
    for (const [side, lock] of [
      ['ours', ours],
      ['theirs', theirs],
    ] as const) {
      for (const regression of judgeAgainstBaseline(lock, ancestor, 'the common ancestor', context)) {
        conflict(
          `${sideName(side)} broke the append-only law on its own: ${regression.message}`,
          regression.subject,
          `Fix that branch first (${regression.hint})`,
          regression.lockfileEntry,
          side,
        );
      }
    }
    if (conflicts.length > 0) return { ok: false, conflicts };
  }

  const roles = new Map<string, LockedRole>();
  for (const roleId of [...new Set([...ours.roles.keys(), ...theirs.roles.keys()])].sort(compareCodeUnits)) {
    const mine = ours.roles.get(roleId);
    const other = theirs.roles.get(roleId);
    if (!mine || !other) {
      roles.set(roleId, (mine ?? other)!);
      continue;
    }
    const base = ancestor?.roles.get(roleId);
    if (!base) {
      const difference = identityDifference(mine, other);
      if (difference) {
        conflict(
          `Role \`${roleId}\` was added on both sides with different content (${difference}).`,
          { roleId },
          'Two branches published one role id for two roles: give one of them another id, or make both declarations identical, then lock again.',
          { kind: 'role', roleId },
        );
        continue;
      }
    }
    const merged = mergeRole(roleId, base, mine, other, conflict);
    if (merged) roles.set(roleId, merged);
  }

  const aliasOwner = new Map<string, string>();
  for (const [roleId, role] of roles) {
    for (const alias of role.aliases) {
      const owner = aliasOwner.get(alias);
      if (owner !== undefined) {
        conflict(
          `Alias \`${alias}\` was locked for role \`${owner}\` on one side and for role \`${roleId}\` on the other.`,
          { roleId, alias },
          'An alias names exactly one role forever: remove it from one of the roles on its branch.',
          {
            kind: 'alias',
            roleId,
            alias,
          },
        );
      }
      aliasOwner.set(alias, roleId);
    }
  }
  for (const [alias, owner] of aliasOwner) {
    if (roles.has(alias)) {
      conflict(
        `\`${alias}\` is an alias of role \`${owner}\` on one side and a role id on the other.`,
        { roleId: owner, alias },
        'An id or alias once published stays reserved: rename the new role on its branch.',
        {
          kind: 'alias',
          roleId: owner,
          alias,
        },
      );
    }
  }
  const waivers = new Map<string, Waiver>();
  for (const waiver of [...ours.waivers, ...theirs.waivers]) {
    const key = waiverKey(waiver.code, waiver.id);
    const known = waivers.get(key);
    if (known && (known.reason !== waiver.reason || known.date !== waiver.date || known.surfaceHash !== waiver.surfaceHash)) {
      conflict(
        `The waiver of ${waiver.code} \`${waiver.id}\` differs between the sides: ${describeWaiver(known)} on ours, ${describeWaiver(waiver)} on theirs.`,
        {},
        'A waiver is recorded once: keep one of them on its branch.',
        { kind: 'waiver', code: waiver.code, id: waiver.id },
      );
    }
    if (!known) waivers.set(key, waiver);
  }
  if (conflicts.length > 0) return { ok: false, conflicts };
  return {
    ok: true,
    lock: {
      lockfileVersion: Math.max(ours.lockfileVersion, theirs.lockfileVersion),
      ruleset: Math.max(ours.ruleset, theirs.ruleset),
      roles,
      waivers: [...waivers.values()].sort(compareWaivers),
    },
  };
}

function mergeRole(
  roleId: string,
  base: LockedRole | undefined,
  mine: LockedRole,
  other: LockedRole,
  conflict: Conflict,
): LockedRole | undefined {
  const contracts = new Map<string, string>();
  const retiredContracts = new Map<string, string>();
  let clean = true;
  for (const contractId of [...new Set([...contractIds(mine), ...contractIds(other)])].sort(compareCodeUnits)) {
    const a = contractState(mine, contractId);
    const b = contractState(other, contractId);
    if (a && b && a.hash !== b.hash) {
      clean = false;
      conflict(
        `Contract \`${contractId}\` has surface ${a.hash.slice(0, 12)}… on our side and ${b.hash.slice(0, 12)}… on theirs.`,
        { roleId, contractId },
        'One contract id was published with two surfaces: keep one and publish the other as a new version on its branch.',
        { kind: 'contract', roleId, contractId },
      );
      continue;
    }
    const state = threeWay(contractState(base ?? emptyRole(), contractId), a, b);
    if (!state) continue;
    (state.retired ? retiredContracts : contracts).set(contractId, state.hash);
  }
  if (!clean) return undefined;
  const declaredIn = base?.declaredIn === mine.declaredIn ? other.declaredIn : mine.declaredIn;
  return {
    aliases: [...new Set([...mine.aliases, ...other.aliases])].sort(compareCodeUnits),
    deprecated: mine.deprecated || other.deprecated,
    contracts,
    retiredContracts,
    declaredIn: declaredIn ?? other.declaredIn,
  };
}

/** The side that changed wins; a contract only one side has is kept; both changed alike, either. */
function threeWay(base: ContractState, a: ContractState, b: ContractState): ContractState {
  if (!a || !b) return a ?? b;
  if (a.retired === b.retired) return a;
  if (base && a.retired === base.retired) return b;
  if (base && b.retired === base.retired) return a;
  return { hash: a.hash, retired: false };
}

function contractIds(role: LockedRole): string[] {
  return [...role.contracts.keys(), ...role.retiredContracts.keys()];
}

function contractState(role: LockedRole, contractId: string): ContractState {
  const active = role.contracts.get(contractId);
  if (active !== undefined) return { hash: active, retired: false };
  const retired = role.retiredContracts.get(contractId);
  return retired === undefined ? undefined : { hash: retired, retired: true };
}

function emptyRole(): LockedRole {
  return { aliases: [], deprecated: false, contracts: new Map(), retiredContracts: new Map(), declaredIn: undefined };
}

/** What differs between two additions of one role id, or undefined when they publish the same thing. */
function identityDifference(a: LockedRole, b: LockedRole): string | undefined {
  if (a.aliases.join('\0') !== b.aliases.join('\0'))
    return `aliases [${a.aliases.join(', ')}] on our side, [${b.aliases.join(', ')}] on theirs`;
  if (a.deprecated !== b.deprecated) return `deprecated on ${a.deprecated ? 'our' : 'their'} side only`;
  const describe = (role: LockedRole): string =>
    [...role.contracts, ...role.retiredContracts]
      .map(([id, hash]) => `${id}=${hash.slice(0, 12)}`)
      .sort(compareCodeUnits)
      .join(', ');
  if (describe(a) !== describe(b)) return `contracts [${describe(a)}] on our side, [${describe(b)}] on theirs`;
  return undefined;
}

function sideName(side: Side): string {
  return side === 'ours' ? 'Our side (the branch being merged into)' : 'Their side (the branch being merged)';
}
