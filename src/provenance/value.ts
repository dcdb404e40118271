import { compareCodeUnits, registryHash } from '../canonical/hashing.js';
import { lockfileSnapshot, type Lockfile } from '../lockfile/format.js';

/** Names the shape below; a later release that changes the shape changes this string. */
export const PROVENANCE_FORMAT = 'role-registry.provenance/1';

/**
 * What a build says about the registry it was built against (docs/transformer.md, "The value").
 * Every build path (TS transformer, bundler plugin, generated module, attestation) emits exactly
 * the value `provenanceOf(lockfile)` returns, with its keys in this order.
 */
export interface RegistryProvenance {
  readonly format: typeof PROVENANCE_FORMAT;
  /** sha256 of the canonical snapshot the lockfile records (`role-registry hash --lockfile`). */
  readonly registryHash: string;
  readonly lockfileVersion: number;
  /** The ruleset the lockfile was written under. */
  readonly ruleset: number;
  /** Locked roles, deprecated ones included. */
  readonly roles: number;
  /** Active contracts (the ones the registry hash covers); retired ones are not counted. */
  readonly contracts: number;
  /** The active contract ids, sorted by UTF-16 code units. */
  readonly contractIds: readonly string[];
  /**
   * Per contract the registry hash covers (waivers applied, so a waived drift has its accepted
   * surface): the role that declares it and its surface hash. What `recordFor` stamps on an output.
   */
  readonly activeContracts: Readonly<Record<string, ActiveContract>>;
}

export interface ActiveContract {
  readonly roleId: string;
  readonly surfaceHash: string;
}

/** The one function that computes the provenance value. Pure: the lockfile in, a frozen value out. */
export function provenanceOf(lock: Lockfile): RegistryProvenance {
  const contractIds: string[] = [];
  for (const role of lock.roles.values()) contractIds.push(...role.contracts.keys());
  contractIds.sort(compareCodeUnits);
  const snapshot = lockfileSnapshot(lock);
  const covered: [string, ActiveContract][] = [];
  for (const [roleId, role] of snapshot.roles)
    for (const [contractId, surfaceHash] of role.contracts) covered.push([contractId, Object.freeze({ roleId, surfaceHash })]);
  covered.sort(([a], [b]) => compareCodeUnits(a, b));
  return Object.freeze({
    format: PROVENANCE_FORMAT,
    registryHash: registryHash(snapshot),
    lockfileVersion: lock.lockfileVersion,
    ruleset: lock.ruleset,
    roles: lock.roles.size,
    contracts: contractIds.length,
    contractIds: Object.freeze(contractIds),
    activeContracts: Object.freeze(Object.fromEntries(covered)),
  });
}
