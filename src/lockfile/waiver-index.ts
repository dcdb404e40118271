import { IdentityMemo } from '../support/identity-memo.js';
import { waiverKey, type Waiver } from './waivers.js';

/** Lookups the laws and the snapshot need. */
export interface WaiverIndex {
  /** A role whose removal was waived: a tombstone. */
  removedRole(roleId: string): Waiver | undefined;
  removedAlias(alias: string): Waiver | undefined;
  removedContract(contractId: string): Waiver | undefined;
  /** The drift waiver of a contract: its surfaceHash replaces the locked one in every comparison. */
  acceptedDrift(contractId: string): Waiver | undefined;
}

const NO_WAIVERS: WaiverIndex = {
  removedRole: () => undefined,
  removedAlias: () => undefined,
  removedContract: () => undefined,
  acceptedDrift: () => undefined,
};

/** One index per waiver list (a parsed lockfile keeps its list): laws remember verdicts by index. */
const indexes = new IdentityMemo<readonly Waiver[], WaiverIndex>();

export function indexWaivers(waivers: readonly Waiver[]): WaiverIndex {
  // Laws ask once per role and contract; most lockfiles have no waiver at all.
  if (waivers.length === 0) return NO_WAIVERS;
  const known = indexes.get(waivers, []);
  if (known) return known;
  const byKey = new Map<string, Waiver>();
  for (const waiver of waivers) byKey.set(waiverKey(waiver.code, waiver.id), waiver);
  const index: WaiverIndex = {
    removedRole: (roleId) => byKey.get(waiverKey('ROLE_REMOVED', roleId)),
    removedAlias: (alias) => byKey.get(waiverKey('ALIAS_REMOVED', alias)),
    removedContract: (contractId) => byKey.get(waiverKey('CONTRACT_REMOVED', contractId)),
    acceptedDrift: (contractId) => byKey.get(waiverKey('CONTRACT_DRIFT', contractId)),
  };
  return indexes.set(waivers, [], index);
}
